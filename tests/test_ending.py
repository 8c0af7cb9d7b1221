"""The command ends without the interpreter's teardown, and loses nothing by it: its exit status,
its output, the store's last writes (folded into the store file) and every exit handler of the
command run as before. Each case runs the real entry point in a process of its own."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROWS = "姓名,手机号码,备注\n" + "".join(f"用户{i},1380013{i:04d},第{i}条\n" for i in range(40))
TIMEOUT = 300


@pytest.fixture
def table(tmp_path: Path) -> Path:
    path = tmp_path / "名单.csv"
    path.write_text(ROWS, encoding="utf-8")
    return path


def secsuite(*args: str, program: str | None = None, **kwargs) -> subprocess.CompletedProcess[str]:
    """``python -m secsuite ARGS``, or ``program`` (which calls ``main``) with ARGS."""
    command = [sys.executable, "-m", "secsuite"] if program is None else [sys.executable, "-c", program]
    return subprocess.run([*command, *args], text=True, timeout=TIMEOUT, check=False, **kwargs)


def test_a_store_file_copied_alone_after_a_run_holds_the_run(table, tmp_path):
    store = tmp_path / "secsuite.db"
    done = secsuite("scan", str(table), "--db", str(store), "--format", "json", "--as-of", "2025-12-31",
                    capture_output=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["datasets"][0]["name"] == "名单"  # the whole output, flushed
    assert not Path(f"{store}-wal").exists()  # folded into the store file when its connection closed
    copy = tmp_path / "copy" / "secsuite.db"
    copy.parent.mkdir()
    shutil.copyfile(store, copy)
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT kind, status FROM runs").fetchall() == [("scan", "finished")]


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["scan", "{table}", "--no-store"], 0),
        (["scan", "{table}", "--no-store", "--fail-on", "L3"], 1),
        (["scan", "{missing}", "--no-store"], 2),
        (["scan", "--no-such-option"], 2),
    ],
    ids=["clean", "fail-on", "input-error", "usage-error"],
)
def test_the_exit_status_is_the_commands(table, tmp_path, args, status):
    done = secsuite(*(a.format(table=table, missing=tmp_path / "missing.csv") for a in args), capture_output=True)
    assert done.returncode == status, done.stderr


# The entry point with one more command, which registers an exit handler of its own and leaves an
# object whose finaliser only the interpreter's teardown would call (it writes with builtins alone:
# the teardown has emptied the modules by then). ``ending.install`` comes first, as in ``main``,
# because importing the commands registers exit handlers (logging's).
PROGRAM = """
import atexit, os, sys
from pathlib import Path

marker = Path(sys.argv[1])
{before}
from secsuite import ending
ending.install()
import secsuite.cli as cli

class Finalised:
    def __init__(self):
        self.fd, self.write = os.open(marker.with_suffix(".teardown"), os.O_WRONLY | os.O_CREAT), os.write

    def __del__(self):
        self.write(self.fd, b"torn down")

@cli.app.command()
def leave() -> None:
    global kept
    kept = Finalised()
    atexit.register(lambda: marker.write_text("handler ran"))
    print("done")

sys.argv = ["secsuite", "leave"]
from secsuite.__main__ import main
main()
"""


def test_exit_handlers_of_the_command_run_and_the_teardown_is_skipped(tmp_path):
    marker = tmp_path / "marker"
    done = secsuite(str(marker), program=PROGRAM.format(before=""), capture_output=True)
    assert (done.returncode, done.stdout) == (0, "done\n"), done.stderr
    assert marker.read_text() == "handler ran"
    assert marker.with_suffix(".teardown").read_text() == ""


def test_a_program_with_exit_handlers_of_its_own_keeps_the_teardown(tmp_path):
    """Its handlers, registered before ``main``, would run after the early end: none is skipped."""
    marker = tmp_path / "marker"
    before = "atexit.register(lambda: marker.with_suffix('.own').write_text('own handler ran'))"
    done = secsuite(str(marker), program=PROGRAM.format(before=before), capture_output=True)
    assert done.returncode == 0, done.stderr
    assert marker.with_suffix(".own").read_text() == "own handler ran"
    assert marker.with_suffix(".teardown").read_text() == "torn down"
