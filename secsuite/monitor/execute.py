"""Running one job: the target's command in a child process of its own, killed at its timeout.

The child calls the same use-case functions as the CLI (never the commands' text output) and
records its run with trigger ``scheduled``; only the child ever sees the database password.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import re
from dataclasses import dataclass
from multiprocessing.connection import Connection


@dataclass(frozen=True)
class Order:
    """What the child needs: the store, the target, the command, the day it treats as today and the
    config file (None: ``$SECSUITE_CONFIG`` or ./secsuite.yaml, as for the commands)."""

    store_url: str
    target_id: int
    schedule_id: int
    command: str
    as_of: dt.date
    config_path: str | None = None


@dataclass(frozen=True)
class Outcome:
    run_id: int | None
    error: str | None


_CREDENTIALS = re.compile(r"(\w[\w+.-]*://[^:/@\s]*):[^@\s]*@")
MAX_ERROR = 2000


def describe(exc: BaseException) -> str:
    """An error as the job's record keeps it: any URL's password removed, its length bounded."""
    return _CREDENTIALS.sub(r"\1@", f"{type(exc).__name__}: {exc}")[:MAX_ERROR]


def _child(order: Order, reply: Connection) -> None:
    try:
        reply.send(Outcome(run_order(order), None))
    except Exception as exc:  # any failure of the job is its outcome, recorded by the parent
        reply.send(Outcome(None, describe(exc)))
    finally:
        reply.close()


def execute(order: Order, timeout_seconds: float) -> Outcome:
    """Run ``order`` in a fresh interpreter (spawned: no lock or thread inherited from the worker)."""
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(order, send))
    process.start()
    send.close()
    if receive.poll(timeout_seconds):
        try:
            outcome = receive.recv()
        except EOFError:  # the child died without a word: killed, out of memory, a crash in C
            outcome = None
        process.join()
        return outcome or Outcome(None, f"the job's process ended without a result (exit code {process.exitcode})")
    process.kill()
    process.join()
    return Outcome(None, f"timed out after {timeout_seconds:g} s")


def run_order(order: Order) -> int:
    """The run of ``order`` recorded in the store; its id."""
    from secsuite.monitor.jobs import run_target

    return run_target(order)
