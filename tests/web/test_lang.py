"""The language of each request: ``?lang=`` (kept in a cookie), else the cookie, else the browser's
Accept-Language, else Chinese; every page's chrome and labels follow, and the switcher keeps the
page and its filters."""

from __future__ import annotations

import pytest

from secsuite.web.lang import LANG_COOKIE, accepted
from tests.web.conftest import login

# Words of the chrome in each language: the sign-out button and the runs link.
WORDS = {"zh": ("退出登录", "运行记录", '<html lang="zh-CN">'), "en": ("Sign out", ">Runs<", '<html lang="en">')}


@pytest.mark.parametrize(("header", "expected"), [
    (None, None), ("", None), ("zh-CN,zh;q=0.9,en;q=0.8", "zh"), ("en-US,en;q=0.9", "en"),
    ("fr-FR, en;q=0.5, zh;q=0.4", "en"), ("zh;q=0.2, en;q=0.3", "en"), ("en;q=0, zh-TW", "zh"),
    ("de, fr", None), ("en;q=abc, zh", "zh"),
])
def test_accept_language(header, expected):
    assert accepted(header) == expected


def _fresh(real, user: str = "auditor"):
    client = real.site.client()
    assert login(client, user) == 303
    return client


@pytest.mark.parametrize(("query", "cookie", "header", "expected"), [
    ("", None, None, "zh"),
    ("", None, "en-GB,en;q=0.9", "en"),
    ("", "en", "zh-CN", "en"),          # the cookie wins over the browser
    ("?lang=zh", "en", "en", "zh"),     # the query wins over both
    ("?lang=en", None, "zh-CN", "en"),
    ("?lang=xx", None, None, "zh"),     # an unknown language is ignored
])
def test_query_cookie_header_default(real, query, cookie, header, expected):
    client = _fresh(real)
    if cookie:
        client.cookies.set(LANG_COOKIE, cookie)
    body = client.get("/runs" + query, headers={"accept-language": header} if header else {}).text
    assert all(word in body for word in WORDS[expected])
    other = "en" if expected == "zh" else "zh"
    assert not any(word in body for word in WORDS[other][:2])


def test_a_chosen_language_is_remembered(real):
    client = _fresh(real)
    response = client.get("/incidents?lang=en")
    assert response.cookies.get(LANG_COOKIE) == "en"
    assert "samesite=strict" in response.headers["set-cookie"].lower()
    assert "Incidents and their SLA clocks" in client.get("/incidents").text
    client.get("/incidents?lang=zh")
    assert "应急事件与 SLA 时限" in client.get("/incidents").text


PAGES = ["/", "/units", "/findings", "/evaluations", "/runs", "/runs/{scan}", "/runs/{scan}/diff", "/datasets",
         "/datasets/{dataset}", "/incidents", "/monitoring"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_switches(real, real_clients, path):
    from sqlalchemy import select

    from secsuite.store.models import Dataset

    with real.site.sessions()() as session:
        dataset = session.scalar(select(Dataset.id).where(Dataset.run_id == real.second_scan).limit(1))
    url = path.format(scan=real.second_scan, dataset=dataset)
    client = _fresh(real)
    for lang in ("en", "zh"):
        response = client.get(url, params={"lang": lang})
        assert response.status_code == 200
        assert all(word in response.text for word in WORDS[lang]), lang


def test_the_login_page_and_the_switcher(real):
    assert "Sign in" in real.site.client().get("/login?lang=en").text
    assert "登录" in real.site.client().get("/login", headers={"accept-language": "zh-CN"}).text
    body = _fresh(real).get("/incidents?as_of=2026-03-02&lang=zh").text
    assert 'href="/incidents?as_of=2026-03-02&amp;lang=en"' in body
