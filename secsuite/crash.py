"""What a user sees when secsuite itself fails: one masked line, never a raw traceback.

An unexpected exception may carry a cell's value (a number-typed cell holding an ID, a database
error quoting a row), so its message is redacted and the traceback is shown only with ``--debug``
(or ``SECSUITE_DEBUG=1``), and then masked too. The exit code is 2: the run could not check
everything it was asked to.
"""

from __future__ import annotations

import os
import sys
import traceback

from secsuite.redact import mask_sensitive, redact_message

EXIT_CRASH = 2
_debug = False


def enable_debug() -> None:
    global _debug
    _debug = True


def debugging() -> bool:
    return _debug or os.environ.get("SECSUITE_DEBUG", "") not in {"", "0"}


def masked_traceback(exc: BaseException) -> str:
    """The traceback with identifiers masked in every line and the messages redacted."""
    lines = []
    for part in traceback.format_exception(exc):
        if part.startswith(("  File ", "Traceback ", "\nDuring handling", "\nThe above exception")):
            lines.append(mask_sensitive(part))
        else:
            lines.append(redact_message(part))
    return "".join(lines)


def report_crash(exc: BaseException) -> int:
    """Print the failure for a user (stderr) and return the exit code."""
    from secsuite.errors import StoreError

    if isinstance(exc, StoreError):  # a fault of the machine, told in the user's terms
        print(f"错误 (error): {exc}", file=sys.stderr)
        return EXIT_CRASH
    message = redact_message(str(exc))[:500]
    print(f"错误 (error): 内部错误 (internal error) {type(exc).__name__}: {message}", file=sys.stderr)
    if debugging():
        print(masked_traceback(exc), file=sys.stderr)
    else:
        print("加 --debug 查看详细信息 (run with --debug for details; values in it are masked)", file=sys.stderr)
    return EXIT_CRASH
