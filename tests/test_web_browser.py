"""The web UI in a real browser: headless Debian Chromium (Playwright) against
a real ``newsgraph serve`` on 127.0.0.1 with the demo corpus. One screenshot
per page goes to artifacts/screenshots/."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.surfaces import build_demo_store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip
SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
# Entities of the demo corpus that take part in events with other entities;
# the first one found is browsed.
CANDIDATES = ("Manila", "Ramon Villanueva", "Claire Dufresne", "Russian")

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium (apt-get install chromium)"
)
pytest.importorskip("playwright", reason="playwright is not installed: it comes with the test extra (make test)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, extractor) -> Iterator[str]:
    url = build_demo_store(tmp_path_factory.mktemp("web"), extractor)
    port = free_port()
    newsgraph = shutil.which("newsgraph", path=str(Path(sys.executable).parent)) or "newsgraph"
    process = subprocess.Popen(
        [newsgraph, "--db", url, "serve", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "NEWSGRAPH_CONFIG": "/nonexistent.toml"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/api/stats", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"newsgraph serve did not start: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stderr.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"request failed: {request.url}"))
    yield page
    context.close()
    assert not problems, problems  # no script errors, no request to anywhere we do not serve


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def entity_with_event_edges(base: str) -> str:
    for name in CANDIDATES:
        for hit in httpx.get(f"{base}/api/entities/search", params={"q": name}).json():
            graph = httpx.get(f"{base}/api/entities/{hit['id']}/neighbours").json()
            if hit["name"] == name and any(edge["kind"] == "event" for edge in graph["edges"]):
                return name
    pytest.fail(f"none of {CANDIDATES} has an event edge in the demo store")


def test_search_entity_graph_edge_evidence(server: str, page):
    name = entity_with_event_edges(server)
    page.goto(server + "/")
    shot(page, "home")
    page.fill("input[name=q]", name)
    page.press("input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    shot(page, "search")
    page.locator("a.entity-result", has_text=re.compile(f"^{re.escape(name)}$")).first.click()
    page.wait_for_url(re.compile(r"/entities/\d+$"))
    assert page.locator("h1.entity-name").inner_text().startswith(name)
    page.wait_for_selector("#graph[data-ready=true]")
    assert page.locator("#graph g.node").count() > 1
    assert page.locator("#graph g.node.focus").count() == 1
    handles = page.locator("#graph g.edge-handle")
    assert handles.count() >= 1
    shot(page, "entity")
    event_id = handles.first.get_attribute("data-event-id")
    handles.first.click()
    page.wait_for_url(re.compile(rf"/events/{event_id}$"))
    evidence = page.locator("mark#evidence")
    evidence.wait_for(state="visible")
    sentence = httpx.get(f"{server}/api/events/{event_id}").json()["event"]["evidence"]["sentence"]
    assert evidence.inner_text().strip() == sentence.strip()
    assert page.locator("mark#evidence strong.trigger").count() == 1
    assert page.locator(".modality").count() >= 1
    shot(page, "event")
    page.locator(".article-text h2 a").click()
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]+$"))
    assert page.locator(".text .mention").count() > 0
    shot(page, "article")


def test_graph_filters_hide_edges(server: str, page):
    name = entity_with_event_edges(server)
    hit = next(h for h in httpx.get(f"{server}/api/entities/search", params={"q": name}).json() if h["name"] == name)
    page.goto(f"{server}/entities/{hit['id']}")
    page.wait_for_selector("#graph[data-ready=true]")
    visible_before = page.locator("#graph path.edge:visible").count()
    page.locator("#graph-filters label.edge-type:not([hidden]) input").first.uncheck()
    assert page.locator("#graph path.edge:visible").count() < visible_before
    page.fill("#graph-filters input[name=to]", "2000-01-01")
    page.dispatch_event("#graph-filters input[name=to]", "change")
    assert page.locator("#graph g.edge-handle:visible").count() == 0


def test_story_page_marks_first_report_and_shows_conflicts(server: str, page):
    stories = httpx.get(f"{server}/api/stories").json()
    assert stories, "the demo corpus has multi-outlet stories"
    with_conflicts = [s for s in stories if httpx.get(f"{server}/api/stories/{s['id']}").json()["conflicts"]]
    story = (with_conflicts or stories)[0]
    page.goto(f"{server}/stories")
    page.locator(f"a.story-link[href='/stories/{story['id']}']").click()
    page.wait_for_url(re.compile(rf"/stories/{story['id']}$"))
    assert page.locator("li.report").count() == story["articles"]
    assert page.locator("li.report").first.locator(".badge").inner_text() == "first report"
    if with_conflicts:
        assert page.locator(".conflict .version").count() >= 2
    shot(page, "story")
