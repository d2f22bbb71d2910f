"""The web edition in a real browser: Debian's headless Chromium driven by Playwright.

No browser is downloaded: Playwright launches /usr/bin/chromium (Debian package
``chromium``). axe-core comes from npm, installed into tests/browser/node_modules by
``npm ci --prefix tests/browser``.

Run just these with ``pytest -m browser``; a CI run fails (not skips) when a piece is missing.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from teiedition.html import render_html

from .conftest import CHROMIUM, LAUNCH_ARGS, _missing
from .webpages import build_sample_tei

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
FIXTURE_TEI = ROOT / "tests" / "fixtures" / "render" / "chapter.xml"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """The sample's page and the hand fixture's page (the fixture has Ibid./short/abbr refs
    even while the committed sample TEI has none)."""
    out = tmp_path_factory.mktemp("web")
    made = {}
    for name, tei in (("sample", build_sample_tei(out)), ("fixture", FIXTURE_TEI)):
        path = out / f"{name}.html"
        path.write_bytes(render_html(tei))
        made[name] = path
    return made


class Loaded:
    """A page opened from file://, with everything the browser reported while loading it."""

    def __init__(self, browser, path: Path, **context_options):
        self.context = browser.new_context(**context_options)
        self.page = self.context.new_page()
        self.console_errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def sample(browser, pages):
    loaded = Loaded(browser, pages["sample"], viewport={"width": 1100, "height": 900})
    yield loaded
    loaded.close()


@pytest.fixture(params=["sample", "fixture"])
def any_page(request, browser, pages):
    loaded = Loaded(browser, pages[request.param], viewport={"width": 1100, "height": 900})
    yield loaded
    loaded.close()


def test_sample_loads_offline_without_errors_and_has_37_notes(sample):
    assert sample.console_errors == []
    # Only the page itself is loaded: no stylesheet, font, image or script from anywhere.
    assert sample.requests == [sample.page.url]
    assert sample.page.locator("ol.notes > li").count() == 37
    assert sample.page.evaluate("document.documentElement.lang") == "en"


def test_every_internal_link_leads_to_an_element(any_page):
    """Each in-page link is followed (the hash is set) and the browser must find its target."""
    broken = any_page.page.evaluate("""() => {
        const hrefs = [...new Set([...document.querySelectorAll('a[href^="#"]')].map(a => a.getAttribute('href')))];
        const broken = [];
        for (const h of hrefs) {
            location.hash = h;
            const t = document.querySelector(':target');
            if (!t || '#' + t.id !== decodeURIComponent(h)) broken.push(h);
        }
        return {count: hrefs.length, broken};
    }""")
    assert broken["broken"] == [] and broken["count"] > 10


def _tip_state(page, link) -> dict:
    tip_id = link.get_attribute("aria-describedby")
    return page.evaluate("""(id) => {
        const t = document.getElementById(id), s = getComputedStyle(t), r = t.getBoundingClientRect();
        return {visibility: s.visibility, opacity: parseFloat(s.opacity), text: t.textContent,
                left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                vw: window.innerWidth, vh: window.innerHeight};
    }""", tip_id)


def _ibid_page(pages, browser, **options) -> Loaded:
    """The sample's page once its TEI has Ibid. refs; the fixture's until then."""
    use = "sample" if 'class="ref ref-ibid"' in pages["sample"].read_text(encoding="utf-8") else "fixture"
    return Loaded(browser, pages[use], **options)


@pytest.mark.parametrize("viewport", [{"width": 1100, "height": 900}, {"width": 390, "height": 844}],
                         ids=["desktop", "phone"])
def test_focusing_an_ibid_shows_the_full_reference(browser, pages, viewport):
    loaded = _ibid_page(pages, browser, viewport=viewport)
    try:
        page = loaded.page
        link = page.locator("a.ref-ibid").first
        target = page.locator(link.get_attribute("href"))
        before = _tip_state(page, link)
        assert before["visibility"] == "hidden"
        link.focus()
        page.wait_for_function("(id) => getComputedStyle(document.getElementById(id)).opacity === '1'",
                               arg=link.get_attribute("aria-describedby"))
        after = _tip_state(page, link)
        assert after["visibility"] == "visible" and after["opacity"] == 1
        # The tooltip holds the cited work's reference: the target citation's title, and more than "Ibid."
        title = target.locator("cite").first.text_content()
        assert title in after["text"] and len(after["text"]) > len(title)
        # ... and it is on the screen, also on a phone.
        assert after["left"] >= 0 and after["right"] <= after["vw"] + 1
        assert after["top"] >= 0 and after["bottom"] <= after["vh"] + 1
        # Moving focus away hides it again; hovering shows it.
        page.keyboard.press("Tab")
        page.mouse.move(0, 0)
        page.wait_for_function("(id) => getComputedStyle(document.getElementById(id)).visibility === 'hidden'",
                               arg=link.get_attribute("aria-describedby"))
        link.hover()
        page.wait_for_function("(id) => getComputedStyle(document.getElementById(id)).visibility === 'visible'",
                               arg=link.get_attribute("aria-describedby"))
        assert loaded.console_errors == []
    finally:
        loaded.close()


@pytest.mark.parametrize("width", [1000, 390], ids=["desktop", "phone"])
def test_every_back_reference_tooltip_fits_the_screen(browser, pages, width):
    """A link that wraps to a new line must not push its tooltip off the right edge."""
    loaded = _ibid_page(pages, browser, viewport={"width": width, "height": 900}, reduced_motion="reduce")
    try:
        page = loaded.page
        links = page.locator("a.ref-ibid, a.ref-short, a.ref-abbr")
        assert links.count() >= 3
        off = []
        for i in range(links.count()):
            link = links.nth(i)
            link.focus()
            state = _tip_state(page, link)
            if state["visibility"] != "visible" or state["left"] < 0 or state["right"] > state["vw"] + 1:
                off.append((link.get_attribute("href"), state))
        assert off == []
    finally:
        loaded.close()


def test_phone_layout_does_not_scroll_sideways(browser, pages):
    for name, path in pages.items():
        loaded = Loaded(browser, path, viewport={"width": 360, "height": 740}, is_mobile=True,
                        device_scale_factor=2)
        try:
            widths = loaded.page.evaluate(
                "() => [document.documentElement.scrollWidth, window.innerWidth]")
            assert widths[0] <= widths[1], f"{name}: page is {widths[0]}px wide on a {widths[1]}px screen"
            size = loaded.page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
            assert size >= 16, name
        finally:
            loaded.close()


def test_print_styles_hide_screen_furniture(sample):
    page = sample.page
    page.emulate_media(media="print")
    shown = page.evaluate("""() => Object.fromEntries(['nav.contents', '.tip', 'a.to-bib', 'a.back', 'ol.notes']
        .map(s => [s, [...document.querySelectorAll(s)].some(e => getComputedStyle(e).display !== 'none')]))""")
    assert shown == {"nav.contents": False, ".tip": False, "a.to-bib": False, "a.back": False, "ol.notes": True}
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_screenshot_is_saved(sample, tmp_path):
    shot = tmp_path / "sample.png"
    sample.page.screenshot(path=str(shot), full_page=False)
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000


def serious_violations(loaded: Loaded) -> list[tuple]:
    """axe-core's serious and critical violations on the loaded page (the page must have been
    opened with bypass_csp: its policy refuses every script, axe's too)."""
    if not AXE.exists():
        _missing(f"axe-core at {AXE} (npm ci --prefix tests/browser)")
    loaded.page.add_script_tag(path=str(AXE))
    result = loaded.page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_or_critical_violation(browser, pages, scheme):
    for name, path in pages.items():
        # The page's CSP refuses every script, axe's too: the test context bypasses it.
        loaded = Loaded(browser, path, viewport={"width": 1100, "height": 900}, color_scheme=scheme,
                        bypass_csp=True)
        try:
            bad = serious_violations(loaded)
            assert bad == [], f"{name} ({scheme}): {bad}"
            assert loaded.console_errors == []
        finally:
            loaded.close()


# ---------- issue 16: the page at phone and desktop widths, on the sample, the FRUS chapter
# and notes numbered with many digits

@pytest.fixture(scope="module")
def wide_pages(tmp_path_factory, pages) -> dict[str, Path]:
    """The sample, the FRUS chapter (long URLs, 99 notes) and the fixture chapter with its
    notes renumbered 7, 98, 1 234, 56 789: a number of any width must stay on one line."""
    from lxml import etree

    from teiedition import api

    from .conftest import FRUS
    out = tmp_path_factory.mktemp("wide")
    made = {"sample": pages["sample"]}
    if FRUS.exists():
        data, _warnings = api.convert_file(FRUS)
        (out / "frus.xml").write_bytes(data)
        made["frus"] = out / "frus.html"
        made["frus"].write_bytes(render_html(out / "frus.xml"))
    doc = etree.parse(str(FIXTURE_TEI))
    numbers = iter(["7", "98", "1234", "56789", "123456", "9999999"])
    for note in doc.iter("{http://www.tei-c.org/ns/1.0}note"):
        if note.get("n"):
            note.set("n", next(numbers, note.get("n")))
    made["digits"] = out / "digits.html"
    made["digits"].write_bytes(render_html(doc))
    return made


_LAYOUT = """() => {
    // The number's text, not its box (a grid item is as tall as its note): one line box.
    const numbers = [...document.querySelectorAll('a.note-num, sup.note-call')].map(a => {
        const range = document.createRange();
        range.selectNodeContents(a);
        const rects = [...range.getClientRects()].filter(r => r.width > 0);
        const line = parseFloat(getComputedStyle(a).lineHeight) || parseFloat(getComputedStyle(a).fontSize) * 1.6;
        return {text: a.textContent, rects: rects.length, height: range.getBoundingClientRect().height, line};
    });
    return {scroll: document.documentElement.scrollWidth, body: document.body.scrollWidth,
            vw: window.innerWidth, numbers};
}"""


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_no_sideways_scroll_and_note_numbers_on_one_line(browser, wide_pages, width):
    for name, path in wide_pages.items():
        loaded = Loaded(browser, path, viewport={"width": width, "height": 800})
        try:
            state = loaded.page.evaluate(_LAYOUT)
            assert state["scroll"] <= state["vw"], f"{name}: {state['scroll']}px wide at {width}px"
            # Two lines would make the text's bounding box at least two line heights tall.
            broken = [n for n in state["numbers"] if n["rects"] == 0 or n["height"] > 1.5 * n["line"]]
            assert state["numbers"] and broken == [], f"{name} at {width}px: {broken[:3]}"
            assert loaded.console_errors == [], loaded.console_errors  # a CSP refusal is one
        finally:
            loaded.close()


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_every_tooltip_inside_the_viewport(browser, wide_pages, pages, width):
    for name, path in [*wide_pages.items(), ("fixture", pages["fixture"])]:
        loaded = Loaded(browser, path, viewport={"width": width, "height": 800}, reduced_motion="reduce")
        try:
            page = loaded.page
            links = page.locator(".cite > a")
            off = []
            for i in range(links.count()):
                link = links.nth(i)
                # As a reader would: the link in the middle of the screen, then focused.
                link.evaluate("e => e.scrollIntoView({block: 'center'})")
                link.focus()
                state = _tip_state(page, link)
                if not (state["visibility"] == "visible" and state["left"] >= 0 and state["right"] <= state["vw"] + 1
                        and state["top"] >= 0 and state["bottom"] <= state["vh"] + 1):
                    off.append((link.get_attribute("href"), state))
            assert off == [], f"{name} at {width}px: {off[:2]}"
        finally:
            loaded.close()


def test_the_bibliography_mark_is_not_copied(sample):
    page = sample.page
    copied = page.evaluate("""() => {
        const bibl = document.querySelector('span.bibl + a.to-bib').previousElementSibling;
        const range = document.createRange();
        range.setStartBefore(bibl);
        range.setEndAfter(bibl.nextElementSibling);
        const sel = getSelection(); sel.removeAllRanges(); sel.addRange(range);
        return {text: sel.toString(), bibl: bibl.textContent,
                mark: getComputedStyle(bibl.nextElementSibling, '::after').content};
    }""")
    assert copied["text"].strip() == copied["bibl"].strip()
    assert "bib" not in copied["text"].lower().replace(copied["bibl"].lower(), "")
    assert copied["mark"] not in ("none", "")


@pytest.mark.parametrize("width", [320, 1280])
def test_axe_clean_at_phone_and_desktop_widths(browser, wide_pages, width):
    for name, path in wide_pages.items():
        loaded = Loaded(browser, path, viewport={"width": width, "height": 800}, bypass_csp=True)
        try:
            bad = serious_violations(loaded)
            assert bad == [], f"{name} at {width}px: {bad}"
        finally:
            loaded.close()


def save_screenshot(out: Path, tei: Path | None = None) -> None:
    """Write the README's screenshot: ``python -m tests.test_browser docs/screenshot-web.png [TEI]``."""
    import tempfile

    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        html = Path(tmp) / "page.html"
        html.write_bytes(render_html(tei or build_sample_tei(Path(tmp))))
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        page = b.new_page(viewport={"width": 1000, "height": 1500}, device_scale_factor=1)
        page.goto(html.as_uri())
        page.screenshot(path=str(out))
        b.close()


if __name__ == "__main__":
    save_screenshot(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else None)
