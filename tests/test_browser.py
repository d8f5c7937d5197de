"""The report page and the timeline SVG as a browser renders them: Debian's Chromium, driven by
Playwright, at a desktop's and a phone's size. `.ci/run` installs Chromium; where none can be
installed these tests skip, except under CI, where a missing browser fails them."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from labeltrack import loading

from .conftest import REPO, Invoke

SCREENS = REPO / "tests" / "fixtures" / "screens.toml"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}

if CHROMIUM is None and os.environ.get("CI"):
    pytest.fail("CI must run the browser tests: install Debian's chromium", pytrace=False)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium here (apt-get install chromium)"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright  # type: ignore[import-not-found,unused-ignore]

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


def _open(browser: Any, path: Path, size: str) -> Any:
    width, height = SIZES[size]
    page = browser.new_page(viewport={"width": width, "height": height})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    assert [url for url in requests if not url.startswith("file://")] == []  # nothing fetched
    return page


_LINES_OF_DATES = """() => [...document.querySelectorAll('.date')].map(element => {
    const range = document.createRange();
    range.selectNodeContents(element);
    const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
    return [element.textContent, lines.size];
})"""

_SVG_TEXT_OUTSIDE = """() => [...document.querySelectorAll('svg')].flatMap(svg => {
    const box = svg.getBoundingClientRect();
    return [...svg.querySelectorAll('text')].filter(text => {
        const b = text.getBoundingClientRect();
        return b.left < box.left - 0.5 || b.top < box.top - 0.5
            || b.right > box.right + 0.5 || b.bottom > box.bottom + 0.5;
    }).map(text => text.textContent);
})"""


@pytest.mark.parametrize("size", SIZES)
def test_the_report_page_in_a_browser(
    invoke: Invoke, browser: Any, tmp_path: Path, size: str
) -> None:
    target = tmp_path / "report.html"
    result = invoke("report", "-r", SCREENS, "--as-of", "2025-11-20", "-o", target)
    assert result.exit_code == 0, result.stderr
    page = _open(browser, target, size)
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, "the page scrolls sideways"
    dates = page.evaluate(_LINES_OF_DATES)
    assert dates, "no dates found"
    assert [text for text, lines in dates if lines != 1] == []
    registry = loading.load(SCREENS)
    for cluster in registry.clusters:
        assert page.locator(f"#cluster-{cluster.id}").count() == 1, cluster.id
    assert page.evaluate(_SVG_TEXT_OUTSIDE) == []
    states = page.locator("td.state").all_inner_texts()
    assert states
    assert all(state.strip() for state in states)  # every state has its word
    page.close()


def test_the_timeline_svg_in_a_browser(invoke: Invoke, browser: Any, tmp_path: Path) -> None:
    target = tmp_path / "timeline.svg"
    assert (
        invoke("timeline", "-r", SCREENS, "--as-of", "2025-11-20", "--svg", target).exit_code == 0
    )
    page = _open(browser, target, "desktop")
    assert page.evaluate(_SVG_TEXT_OUTSIDE) == []
    page.close()
