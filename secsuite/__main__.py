"""The ``secsuite`` command's entry point (``python -m secsuite`` and the installed script)."""

import gc

from secsuite import ending


def main() -> None:
    """Run the command line, then end the process (see ``secsuite.ending``). Its modules (polars,
    pydantic, the command modules) are imported with the cyclic garbage collector paused: they
    allocate a few hundred thousand long-lived objects, and the collections they set off took
    35-45 ms of a scan's start-up while freeing nothing. Those objects are then frozen out of
    later collections."""
    ending.install()
    gc.disable()
    try:
        from secsuite.cli import app
    finally:
        gc.freeze()
        gc.enable()
    try:
        app()
    except SystemExit as exc:
        ending.finished(exc.code)
        raise
    except Exception as exc:  # never a raw traceback: it may quote a cell's value
        from secsuite.crash import report_crash

        code = report_crash(exc)
        ending.finished(code)
        raise SystemExit(code) from None


if __name__ == "__main__":
    main()
