"""The example report in a real browser: Debian's headless Chromium through chromedriver (both
installed by .ci/run). It must load with no console error, show the 一票否决 banner before the
rankings, and print to A4 pages."""

from __future__ import annotations

import base64
import os
import shutil
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.print_page_options import PrintOptions

from tests.report.conftest import ExampleRun

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")

pytestmark = pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                                reason="Debian's chromium and chromium-driver are not installed (.ci/run installs them)")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1100,1500",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def opened(browser, example_run: ExampleRun):
    browser.get(example_run.file("html").as_uri())
    return browser


def test_the_page_loads_without_console_errors(opened):
    errors = [entry for entry in opened.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
    assert opened.execute_script("return document.readyState") == "complete"


def test_the_veto_banner_is_visible_above_the_rankings(opened, tmp_path: Path):
    banner = opened.find_element(By.CSS_SELECTOR, ".overview .veto-banner")
    assert banner.is_displayed()
    assert "一票否决" in banner.text and "市民政局" in banner.text and "INC-2025-021" in banner.text
    ranking = opened.find_element(By.CSS_SELECTOR, "table.ranking")
    assert banner.rect["y"] < ranking.rect["y"]
    assert banner.rect["y"] + banner.rect["height"] < 1500, "the banner is on the first screen"
    colour = opened.execute_script(
        "return getComputedStyle(document.querySelector('.overview .veto-mark')).backgroundColor")
    assert colour == "rgb(185, 28, 28)"
    shot = tmp_path / "report.png"
    assert opened.get_screenshot_as_file(str(shot)) and shot.stat().st_size > 20_000
    keep = os.environ.get("SECSUITE_SCREENSHOT_DIR")
    if keep:
        shutil.copy(shot, Path(keep) / "report-first-screen.png")


def test_the_charts_render_as_svg_with_text(opened):
    charts = opened.find_elements(By.CSS_SELECTOR, "figure.chart svg")
    assert len(charts) >= 28
    assert all(chart.size["width"] > 100 and chart.size["height"] > 40 for chart in charts)
    labels = opened.execute_script("return Array.from(document.querySelectorAll('figure.chart svg text'))"
                                   ".map(t => t.textContent)")
    assert "高危" in labels and "时限 5 分钟" in labels


def test_it_prints_to_a4_with_a_page_per_unit(opened):
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    pdf = base64.b64decode(opened.print_page(options))
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pdf.startswith(b"%PDF") and pages >= 15
