"""The annual evaluation of units: rubrics, scores, derived deductions, the veto and the ranking."""
