"""``secsuite serve --demo`` in a real browser, as a newcomer meets it: the real command starts the
server on 127.0.0.1 (a free port) and prints the URL and the one-time passwords; Debian's headless
Chromium (installed by .ci/run) signs in as the demo auditor and as the demo unit user, changes the
one-time password, sees the dashboard with the 一票否决 banner, filters findings through htmx, and
is refused another unit's page. No console or CSP error, no request leaving loopback."""

from __future__ import annotations

import os
import queue
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 600  # the demo runs the whole example pipeline first
NEW_PASSWORD = "Demo-Passw0rd-Changed"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                       reason="Debian's chromium and chromium-driver are not installed (.ci/run installs them)"),
]


def _read_announcement(process: subprocess.Popen) -> tuple[str, dict[str, str]]:
    """The URL and the demo accounts, read from the server's stdout as it prints them once its socket
    listens (the printing is the readiness signal: no sleeping, no polling of the port). A thread
    hands over the lines, so a timeout bounds the wait."""
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    url, accounts, deadline = None, {}, time.monotonic() + STARTUP_TIMEOUT
    while url is None or len(accounts) < 2:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise TimeoutError("secsuite serve --demo did not announce itself") from None
        if line.startswith("secsuite serve: "):
            url = line.split(": ", 1)[1].strip().rstrip("/")
        elif line.count("\t") == 2:
            _, username, password = line.rstrip("\n").split("\t")
            accounts[username] = password
    return url, accounts


@pytest.fixture(scope="module")
def demo_tmp(tmp_path_factory) -> Path:
    """The demo server's temporary folder (its store and audit key live in a folder inside)."""
    return tmp_path_factory.mktemp("demo-tmp")


@pytest.fixture(scope="module")
def demo(tmp_path_factory, demo_tmp):
    env = os.environ | {"PYTHONPATH": str(ROOT), "SECSUITE_LANG": "zh", "SECSUITE_DB": "", "SECSUITE_CONFIG": "",
                        "HOME": str(tmp_path_factory.mktemp("home")), "TMPDIR": str(demo_tmp)}
    process = subprocess.Popen([sys.executable, "-m", "secsuite", "serve", "--demo", "--port", "0"], cwd=ROOT,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url, accounts = _read_announcement(process)
        assert urlsplit(url).hostname == "127.0.0.1"
        yield url, accounts
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1400",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    # The newcomer's browser asks for Chinese (Accept-Language picks a page's language).
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    yield driver
    driver.quit()


def wait(browser) -> WebDriverWait:
    """Waits out page loads and htmx swaps: an element read just before its page is replaced is stale
    (or, as Chromium sometimes says it, "Node with given id does not belong to the document"), and
    the condition is simply tried again until the timeout."""
    return WebDriverWait(browser, 20, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException,
                                                           WebDriverException))


def _sign_in(browser, url: str, username: str, password: str) -> None:
    browser.delete_all_cookies()
    browser.get(url + "/login")
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys(password)
    browser.find_element(By.ID, "login-button").click()
    wait(browser).until(expected_conditions.url_to_be(url + "/password"))
    browser.find_element(By.NAME, "current").send_keys(password)
    browser.find_element(By.NAME, "new").send_keys(NEW_PASSWORD)
    browser.find_element(By.NAME, "repeat").send_keys(NEW_PASSWORD)
    browser.find_element(By.ID, "password-button").click()
    wait(browser).until(expected_conditions.url_to_be(url + "/"))


def _console_errors(browser, expected: tuple[str, int] | None = None) -> list[dict]:
    """Severe console entries, but for the ``expected`` (URL part, status) of a page refused on purpose."""
    return [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"
            and not (expected and expected[0] in entry["message"] and f"status of {expected[1]}" in entry["message"])]


def _network_requests(browser) -> list[str]:
    """Every URL the pages fetched over the network (the browser's own chrome:// pages aside)."""
    import json

    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return [url for url in urls if urlsplit(url).scheme not in ("chrome", "data", "about")]


def _screenshot(browser, name: str) -> None:
    keep = os.environ.get("SECSUITE_SCREENSHOT_DIR")
    if keep:
        browser.save_screenshot(str(Path(keep) / name))


def test_auditor_sees_every_unit_and_the_veto_banner(demo, browser):
    url, accounts = demo
    _sign_in(browser, url, "demo-auditor", accounts["demo-auditor"])
    banner = browser.find_element(By.CSS_SELECTOR, ".vetoes .veto-banner")
    assert banner.is_displayed() and "一票否决" in banner.text and "市民政局" in banner.text
    assert "INC-2025-021" in banner.text
    rows = browser.find_elements(By.CSS_SELECTOR, "table.matrix tbody tr")
    assert len(rows) >= 14
    matrix = browser.find_element(By.CSS_SELECTOR, "table.matrix")
    assert banner.rect["y"] < matrix.rect["y"]
    _screenshot(browser, "web-dashboard-auditor.png")
    assert _console_errors(browser) == []


def test_findings_filter_through_htmx(demo, browser):
    url, _ = demo
    browser.get(url + "/findings")
    total = browser.find_element(By.CSS_SELECTOR, "#findings-table .meta").text
    browser.find_element(By.CSS_SELECTOR, "select[name=severity] option[value=high]").click()
    wait(browser).until(lambda b: "severity=high" in b.current_url)
    wait(browser).until(
        lambda b: b.find_element(By.CSS_SELECTOR, "#findings-table .meta").text != total)
    cells = browser.find_elements(By.CSS_SELECTOR, "#findings-table tbody tr td:first-child")
    assert cells and {cell.text for cell in cells} == {"高危"}
    assert browser.execute_script("return typeof htmx") == "object"
    assert _console_errors(browser) == []


def test_unit_user_sees_only_its_unit(demo, browser):
    url, accounts = demo
    _sign_in(browser, url, "demo-unit", accounts["demo-unit"])
    units = [row.find_element(By.CSS_SELECTOR, "td a").text
             for row in browser.find_elements(By.CSS_SELECTOR, "table.matrix tbody tr")]
    assert units == ["市民政局"]
    assert browser.find_element(By.CSS_SELECTOR, ".veto-banner").is_displayed()
    browser.get(url + "/units/" + quote("市民政局"))
    assert browser.find_element(By.ID, "unit-name").text == "市民政局"
    assert _console_errors(browser) == []
    other = url + "/units/" + quote("市公安局")
    browser.get(other)
    assert "页面或对象不存在" in browser.find_element(By.TAG_NAME, "main").text
    assert "市公安局" not in browser.find_element(By.TAG_NAME, "main").text
    _screenshot(browser, "web-unit-user-refused.png")
    assert _console_errors(browser, expected=(quote("市公安局"), 404)) == []


def test_a_unit_proposal_needs_the_auditor(demo, browser):
    """Still signed in as the unit user: propose accepting a risk; it changes nothing until the
    auditor, a second person, approves it."""
    url, _ = demo
    browser.get(url + "/findings?unit=" + quote("市民政局"))
    browser.find_element(By.CSS_SELECTOR, "#findings-table tbody tr td a").click()
    wait(browser).until(expected_conditions.presence_of_element_located((By.ID, "finding-status")))
    finding = browser.current_url
    browser.find_element(By.NAME, "reason").send_keys("系统迁移期间临时保留")
    browser.execute_script("document.querySelector('input[name=until]').value = '2099-01-01'")  # beyond a year: refused
    browser.find_element(By.ID, "propose-button").click()
    refused = wait(browser).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".error")))
    assert "有效期" in refused.text
    assert _console_errors(browser, expected=("/review", 400)) == []
    until = browser.execute_script("const d = new Date(); d.setDate(d.getDate() + 30); "
                                   "return d.toISOString().slice(0, 10)")
    browser.find_element(By.NAME, "reason").send_keys("系统迁移期间临时保留")
    browser.execute_script(f"document.querySelector('input[name=until]').value = '{until}'")
    browser.find_element(By.ID, "propose-button").click()
    wait(browser).until(expected_conditions.url_to_be(finding))
    assert browser.find_element(By.ID, "finding-status").text.endswith("待处理")
    assert not browser.find_elements(By.CSS_SELECTOR, "button.approve"), "the proposer cannot approve"

    browser.delete_all_cookies()
    browser.get(url + "/login")
    browser.find_element(By.NAME, "username").send_keys("demo-auditor")
    browser.find_element(By.NAME, "password").send_keys(NEW_PASSWORD)
    browser.find_element(By.ID, "login-button").click()
    wait(browser).until(expected_conditions.url_to_be(url + "/"))
    browser.get(finding)
    browser.find_element(By.CSS_SELECTOR, "button.approve").click()
    wait(browser).until(
        lambda b: b.find_element(By.ID, "finding-status").text.endswith("已接受风险"))
    _screenshot(browser, "web-review-approved.png")
    assert _console_errors(browser) == []


def test_an_accepted_risk_reopens_on_its_date(demo, demo_tmp, browser):
    """The risk the auditor accepted above holds until its date. Once that date has passed (moved
    into the past in the demo's store, as the days passing would), the finding is open again by
    itself, with nothing run: the page says 待处理 and offers a new proposal."""
    url, _ = demo
    [store] = demo_tmp.glob("secsuite-demo-*/demo.db")
    with sqlite3.connect(store) as db:
        (finding_id,) = db.execute("SELECT subject_key FROM reviews WHERE subject_kind = 'finding' "
                                   "AND status = 'approved'").fetchone()
        browser.get(f"{url}/findings/{finding_id}")
        assert browser.find_element(By.ID, "finding-status").text.endswith("已接受风险")
        db.execute("UPDATE reviews SET expires_at = datetime('now', '-1 day') WHERE subject_key = ?", (finding_id,))
    browser.get(f"{url}/findings/{finding_id}")
    assert browser.find_element(By.ID, "finding-status").text.endswith("待处理")
    assert browser.find_elements(By.ID, "propose-button")
    assert _console_errors(browser) == []


def test_a_score_sheet_upload_shows_the_evaluation_and_its_veto(demo, browser, tmp_path):
    """Still signed in as the auditor: the score sheet of 市民政局, as ``secsuite template scores``
    writes it with one score filled in, evaluated at once with the year's stored findings."""
    import openpyxl

    from secsuite.evaluate.engine import rubrics_for
    from secsuite.evaluate.score_template import scores_template
    from secsuite.inventory.template import write_template
    from secsuite.inventory.units import Unit

    url, _ = demo
    units = [Unit(unit="市民政局", unit_type="department", tier="第一档", source="units", row=2)]
    path = tmp_path / "指标评分表.xlsx"
    write_template(scores_template(units, rubrics_for(units, [])), path)
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    sheet.cell(row=2, column=[cell.value for cell in sheet[1]].index("得分") + 1, value=0)
    book.save(path)
    browser.get(url + "/uploads")
    form = browser.find_element(By.ID, "upload-scores")
    Select(form.find_element(By.NAME, "unit")).select_by_visible_text("市民政局")
    form.find_element(By.NAME, "year").clear()
    form.find_element(By.NAME, "year").send_keys("2025")
    form.find_element(By.NAME, "file").send_keys(str(path))
    form.find_element(By.ID, "upload-submit-scores").click()
    done = wait(browser).until(expected_conditions.presence_of_element_located((By.ID, "upload-done")))
    banner = done.find_element(By.CSS_SELECTOR, ".veto-banner")
    assert "市民政局" in banner.text and "INC-2025-021" in banner.text
    _screenshot(browser, "web-upload-scores.png")
    assert _console_errors(browser) == []
    browser.get(url + "/evaluations")
    vetoed = browser.find_element(By.CSS_SELECTOR, "table.ranking tr.vetoed")
    assert "市民政局" in vetoed.text and "一票否决" in vetoed.text


def test_the_runs_datasets_incidents_and_monitoring_pages_and_the_language_switch(demo, browser):
    """Still signed in as the auditor: each new page renders without a console or CSP error, and the
    switcher turns the page into English and back, keeping it."""
    url, _ = demo
    for path, heading in (("/runs", "运行记录"), ("/datasets", "数据集与字段分级"), ("/incidents", "应急事件与 SLA 时限"),
                          ("/monitoring", "监测目标与计划")):
        browser.get(url + path)
        assert browser.find_element(By.TAG_NAME, "h1").text == heading
    browser.get(url + "/runs")
    browser.find_element(By.CSS_SELECTOR, "#runs tbody tr td a").click()
    wait(browser).until(expected_conditions.presence_of_element_located((By.ID, "run-facts")))
    browser.find_element(By.ID, "diff-baseline").click()
    wait(browser).until(lambda b: "/diff" in b.current_url)
    browser.get(url + "/incidents")
    browser.find_element(By.CSS_SELECTOR, "nav.lang a[hreflang=en]").click()
    wait(browser).until(lambda b: b.find_element(By.TAG_NAME, "h1").text == "Incidents and their SLA clocks")
    browser.get(url + "/runs")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Runs"  # remembered
    browser.find_element(By.CSS_SELECTOR, "nav.lang a[hreflang=zh]").click()
    wait(browser).until(lambda b: b.find_element(By.TAG_NAME, "h1").text == "运行记录")
    _screenshot(browser, "web-runs.png")
    assert _console_errors(browser) == []


def test_no_request_left_loopback(demo, browser):
    urls = _network_requests(browser)
    assert any(url.endswith("/static/htmx.min.js") for url in urls)
    assert {urlsplit(url).hostname for url in urls} == {"127.0.0.1"}, urls

