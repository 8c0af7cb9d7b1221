"""The scan pipeline: sources → detect → classify → findings."""
