"""secsuite: sensitive-data discovery, classification and compliance checks for government data."""

import os

# A scan runs one column per core (SECSUITE_WORKERS). The thread pools of polars and of OpenBLAS
# (behind a few matrix products) would only spin against those workers: measured on 2 cores, a
# full scan made 23,000 sched_yield calls and ran 7% slower with them. Set before either library
# loads; a user's own setting wins.
os.environ.setdefault("POLARS_MAX_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
