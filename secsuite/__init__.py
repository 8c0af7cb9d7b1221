"""secsuite: sensitive-data discovery, classification and compliance checks for government data."""

import os

# A scan runs one column per core; the OpenBLAS threads behind numpy's few matrix products (check
# digits) would only spin against those workers. Set before numpy loads; a user's setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
