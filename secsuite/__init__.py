"""secsuite: sensitive-data discovery, classification and compliance checks for government data."""

__version__ = "0.1.0"
