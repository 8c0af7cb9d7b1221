"""Settings for the native libraries under a scan: their thread pools and memory allocators.

Each library reads its environment once, when it loads, so ``ENVIRONMENT`` is applied when
secsuite is imported, before any of them loads; a user's own setting wins. Measured on a 2-core
machine over a full scan of the 1M-row benchmark (``perf record``, README › Performance):

- A scan runs one column per core (``SECSUITE_WORKERS``). The thread pools of polars and of
  OpenBLAS (behind a few matrix products) would only spin against those workers: 23,000
  ``sched_yield`` calls and 7% slower with them.
- pyarrow's allocator (mimalloc) backs its arenas with transparent huge pages, and the CSV
  reader's buffers then fault in and zero 2 MB at a time: 8-15% of the scan's CPU went to the
  kernel's ``clear_page`` alone, 1-2% without huge pages.
"""

from __future__ import annotations

import ctypes
import os
import platform

ENVIRONMENT = {
    "POLARS_MAX_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MIMALLOC_ALLOW_THP": "0",
}

# glibc's malloc (numpy's arrays) hands blocks over its dynamic mmap threshold back to the kernel
# when they are freed, and trims its heaps, so the next batch's arrays of the same size fault in
# fresh zeroed pages again. Keeping them (up to these sizes) took the kernel's share of a full
# scan from 13% to 8.5%. 32 MiB is the largest threshold glibc accepts on 64-bit systems.
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_KEEP_FREED_BYTES = 64 << 20
_MMAP_ABOVE_BYTES = 32 << 20


def set_environment() -> None:
    for name, value in ENVIRONMENT.items():
        os.environ.setdefault(name, value)


def keep_freed_memory() -> bool:
    """Make glibc reuse freed memory instead of returning it to the kernel at once: for long-running
    commands (a scan), not for a library embedded in someone else's process. Whether it applied
    (it does nothing outside glibc)."""
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    mallopt = getattr(ctypes.CDLL(None), "mallopt", None)
    if mallopt is None:
        return False
    trimmed = mallopt(_M_TRIM_THRESHOLD, _KEEP_FREED_BYTES)
    mapped = mallopt(_M_MMAP_THRESHOLD, _MMAP_ABOVE_BYTES)
    return bool(trimmed and mapped)
