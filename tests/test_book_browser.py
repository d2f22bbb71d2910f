"""The book site in Chromium (as tests/test_browser.py: Debian's chromium driven by
Playwright, axe-core from npm): search finds "Seward" and "Hunter" and leads to the chapter
and paragraph; every page loads offline under its Content-Security-Policy without errors;
axe finds no serious or critical violation; ``teiedition serve`` serves the site."""
from __future__ import annotations

import io
import threading
import urllib.request

import pytest

from teiedition.book.build import build_book
from teiedition.book.serve import make_server

from .test_book import _book_dir
from .test_browser import Loaded, serious_violations

pytestmark = pytest.mark.browser

PAGES = ["index", "bibliography", "persons", "search", "frus-history-ch02"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("booksite")
    out = tmp / "out"
    build_book(_book_dir(tmp) / "book.toml", out, jobs=2, out=io.StringIO(), err=io.StringIO())
    return out


@pytest.mark.parametrize("word", ["Seward", "Hunter"])
def test_search_finds_the_word_and_leads_to_its_paragraph(browser, site, word):
    loaded = Loaded(browser, site / "search.html", viewport={"width": 1100, "height": 900})
    try:
        page = loaded.page
        page.fill("#q", word)
        page.press("#q", "Enter")
        first = page.locator("#search-results li a").first
        href = first.get_attribute("href")
        assert page.locator("#search-results li").count() > 0
        page_name, anchor = href.split("#")
        # The result's paragraph or note, on the chapter's page, holds the word.
        target = Loaded(browser, site / page_name)
        try:
            text = target.page.locator(f"[id='{anchor}']").text_content()
            assert word in text
            assert target.console_errors == []
        finally:
            target.close()
        assert loaded.console_errors == []  # the page's policy let its own scripts run
    finally:
        loaded.close()


@pytest.mark.parametrize("name", PAGES)
def test_pages_load_offline_without_errors(browser, site, name):
    loaded = Loaded(browser, site / f"{name}.html", viewport={"width": 390, "height": 844})
    try:
        assert loaded.console_errors == []
        assert loaded.requests == [loaded.page.url]  # nothing fetched but the page
        # Phone width: nothing scrolls sideways.
        assert loaded.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    finally:
        loaded.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_or_critical_violation(browser, site, scheme):
    for name in PAGES:
        # axe is injected past the page's policy (it allows only the page's own scripts).
        loaded = Loaded(browser, site / f"{name}.html", viewport={"width": 1100, "height": 900},
                        color_scheme=scheme, bypass_csp=True)
        try:
            bad = serious_violations(loaded)
            assert bad == [], f"{name} ({scheme}): {bad}"
        finally:
            loaded.close()


def test_serve_serves_the_site_on_localhost(site):
    server = make_server(site, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html") as response:
            assert response.status == 200 and b"frus-history-ch01.html" in response.read()
    finally:
        server.shutdown()
        server.server_close()
