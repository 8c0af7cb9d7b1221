"""The PDF report: the HTML report printed by headless Chromium, the way reports travel between
offices. The page carries its own CSS and inline SVG charts, so nothing is fetched while printing;
Chinese needs a CJK font on the machine (Debian: fonts-noto-cjk), which `.ci/run` installs."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from secsuite.errors import UsageError

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")
TIMEOUT_SECONDS = 300


def browser() -> str:
    """$SECSUITE_CHROMIUM, else the first Chromium or Chrome on PATH."""
    chosen = os.environ.get("SECSUITE_CHROMIUM") or next(filter(None, map(shutil.which, BROWSERS)), None)
    if not chosen:
        raise UsageError("--format pdf 需要 Chromium（Debian: apt install chromium fonts-noto-cjk）或设置 SECSUITE_CHROMIUM "
                         "(--format pdf needs Chromium or Chrome on PATH, or $SECSUITE_CHROMIUM)")
    return chosen


def print_pdf(page: str) -> bytes:
    """Print an HTML page to PDF with headless Chromium in a throw-away profile."""
    executable = browser()
    with tempfile.TemporaryDirectory(prefix="secsuite-pdf-") as folder:
        source, target = Path(folder) / "report.html", Path(folder) / "report.pdf"
        source.write_text(page, encoding="utf-8")
        command = [executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-extensions",
                   "--no-first-run", "--no-pdf-header-footer", f"--user-data-dir={Path(folder) / 'profile'}",
                   f"--print-to-pdf={target}", source.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)  # noqa: S603
        except subprocess.TimeoutExpired:
            raise UsageError(f"Chromium 打印 PDF 超时 (printing the PDF took over {TIMEOUT_SECONDS}s)") from None
        if not target.is_file() or target.stat().st_size == 0:
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {done.returncode}"]
            raise UsageError(f"Chromium 未能打印 PDF (Chromium did not print the PDF): {detail[0]}")
        return target.read_bytes()
