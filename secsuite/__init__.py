"""secsuite: sensitive-data discovery, classification and compliance checks for government data."""

from secsuite.native import set_environment

set_environment()  # before polars, numpy or pyarrow loads: see secsuite.native

__version__ = "0.1.0"
