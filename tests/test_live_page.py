"""The live page in a real browser: Playwright driving Debian's Chromium (never a
downloaded one) against a real uvicorn server on a real store."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from tests.servers import article, running
from timeline import Timeline
from timeline.http import create_app
from timeline.settings import Settings

playwright = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
)
expect = playwright.expect
TOKEN = "browser-test-token"
# Read at import: the `settings` fixture clears TIMELINE_* from the environment.
SCREENSHOT_DIR = os.environ.get("TIMELINE_SCREENSHOT_DIR")


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def browser() -> Iterator[Any]:
    binary = _chromium()
    if binary is None:
        pytest.skip("no chromium on PATH (.ci/run installs Debian's): the browser test skips")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=binary, headless=True,
                              args=["--no-sandbox", "--disable-gpu"])  # fmt: skip
        try:
            yield b
        finally:
            b.close()


def test_the_page_follows_the_stream_and_filters(
    browser: Any, settings: Settings, timeline: Timeline, seed_text: str, tmp_path: Path
) -> None:
    name = settings.timeline
    app = create_app(settings.model_copy(update={"api_token": SecretStr(TOKEN)}))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with running(app) as base, httpx.Client(base_url=base, timeout=30) as http:
        seeded = http.post(
            f"/api/timelines/{name}/articles", headers=auth, content=seed_text.encode(),
            params={"published": "2021-08-22"},
        )  # fmt: skip
        assert seeded.status_code == 201
        page = browser.new_page(viewport={"width": 1100, "height": 1400})
        try:
            _follow_and_filter(page, base, name, http, timeline, tmp_path)
        finally:
            page.close()  # its stream ends before the server does


def _follow_and_filter(
    page: Any, base: str, name: str, http: httpx.Client, timeline: Timeline, tmp_path: Path
) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    page.goto(f"{base}/t/{name}")
    # Landmarks and headings: one banner, main, search and contentinfo; one h1.
    for role in ("banner", "main", "search", "contentinfo"):
        assert page.get_by_role(role).count() == 1, role
    assert page.locator("h1").count() == 1 and page.locator("h2").count() > 1
    page.wait_for_selector('main[data-live="true"]')  # the stream is open
    # Keyboard: the first Tab is the skip link, which takes focus to the entries.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#timeline"
    assert page.evaluate("document.activeElement.id") == "timeline"
    page.evaluate("window.notReloaded = true")
    entries = page.locator("li.entry").count()
    assert entries == len(timeline.reader.show(limit=1000))

    # An article ingested through the API shows up without a reload, within 2 s.
    new = http.post(f"/api/timelines/{name}/articles", headers=auth,
                    content=article(7, dt.date(2021, 8, 19)).encode(),
                    params={"published": "2021-08-22", "source": "Town Crier",
                            "url": "https://crier.example/7"})  # fmt: skip
    assert new.status_code == 201
    page.wait_for_selector("li.entry.new >> text=budget line 7", timeout=2000)
    assert page.evaluate("window.notReloaded") is True
    assert page.locator("li.entry").count() == entries + 2
    assert "new entr" in page.locator("#status").inner_text()
    expect(page.locator("header .summary")).to_contain_text("2 articles")
    assert page.locator("h2", has_text="Thursday 19 August 2021").count() == 1
    # Every entry links to its article (where the article has an http(s) URL).
    assert page.locator('li.entry a[href="https://crier.example/7"]').count() == 2

    # The window box takes the CLI's words.
    page.fill("input[name=as_of]", "2021-08-22")
    page.fill("input[name=since]", "Friday")
    page.fill("input[name=until]", "Saturday")
    page.press("input[name=until]", "Enter")
    window = {"since": "Friday", "until": "Saturday", "as_of": "2021-08-22"}
    expected = len(http.get(f"/api/timelines/{name}/events", params=window).json())
    assert 0 < expected < entries + 2
    expect(page.locator("li.entry")).to_have_count(expected)
    headings = page.locator("li.day h2").all_inner_texts()
    assert headings and set(headings) <= {"Friday 20 August 2021", "Saturday 21 August 2021"}
    assert "since=Friday" in page.url  # the filtered view is a link of its own

    page.fill("input[name=since]", "")
    page.fill("input[name=until]", "")
    page.press("input[name=until]", "Enter")
    expect(page.locator("li.entry")).to_have_count(entries + 2)
    shot = tmp_path / "live-page.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 20_000
    if keep := SCREENSHOT_DIR:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / "live-page.png")
