"""Ending the ``secsuite`` command without the interpreter's teardown.

When a command is done, Python would still clear every module and free every object one by one:
0.13-0.16 s of a scan on the benchmark machine (README › Performance), whatever the scan's size,
for memory the kernel takes back at once anyway. Once ``main`` has its exit status, the exit
handlers and thread joins run as usual (Python runs them first); then the process ends with that
status, after the last steps the teardown would have done that matter: the output streams are
flushed and the result stores are closed (``secsuite.store.db.close_engines``).

Only for the command's own process: ``install`` is a no-op when exit handlers were registered
before it (a program that embeds ``main`` after setting up its own), so none of them is skipped.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys

_status: list[int] = []


def install() -> None:
    """Called first in ``main``: the exit handler registered first runs last, after all others."""
    if getattr(atexit, "_ncallbacks", lambda: 1)() == 0:
        atexit.register(_end_now)


def finished(code: object) -> None:
    """The command's exit status (``SystemExit.code``): from now on, the process may end without
    the teardown."""
    _status.append(code if isinstance(code, int) else 0 if code is None else 1)


def _end_now() -> None:
    if not _status:  # ended another way (an interrupt): the normal teardown
        return
    stores = sys.modules.get("secsuite.store.db")
    if stores is not None:
        stores.close_engines()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader gone (click set the status), a closed stream
            stream.flush()
    os._exit(_status[-1])
