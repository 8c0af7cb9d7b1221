"""Re-identification: quasi-identifiers, k-anonymity and l-diversity, and proof of de-identification."""
