"""/docs and /redoc work without a network: every script, style and icon
they reference is served by newsgraph itself (from the installed
fastapi-offline package), none by a CDN."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from newsgraph.api.app import create_app
from newsgraph.config import load_settings

CHROMIUM = Path("/usr/bin/chromium")
# src="…" and href="…" in the page, and the url: '…' Swagger UI is told to load.
REFERENCE = re.compile(r"""(?:\bsrc|\bhref|\bspec-url)\s*=\s*["']([^"']+)["']|\burl:\s*["']([^"']+)["']""")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return create_app(load_settings(database_url=f"sqlite:///{tmp_path_factory.mktemp('docs') / 'store.db'}"))


@pytest.fixture(scope="module")
def client(app) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


def references(html: str) -> list[str]:
    return [a or b for a, b in REFERENCE.findall(html)]


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_reference_no_other_host_and_every_asset_is_served(client: TestClient, page: str):
    response = client.get(page)
    assert response.status_code == 200
    html = response.text
    assert not re.search(r"https?://|//[\w.-]+\.\w", html), "the page names another host"
    urls = references(html)
    assert any(url.endswith(".js") for url in urls), urls
    for url in urls:
        assert not urlsplit(url).netloc, url
        asset = client.get(url)
        assert asset.status_code == 200 and asset.content, url


def test_swagger_ui_asset_is_the_real_bundle(client: TestClient):
    script = client.get("/docs/assets/swagger-ui-bundle.js")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.text
    assert client.get("/docs/assets/swagger-ui.css").headers["content-type"].startswith("text/css")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (apt-get install chromium)")
def test_swagger_ui_renders_in_a_browser_with_the_network_cut_off(app):
    """Headless Chromium renders /docs while every request to another host is refused."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (the test extra)")
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    elsewhere: list[str] = []
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"])
            page = browser.new_page()

            def only_this_server(route) -> None:  # type: ignore[no-untyped-def]
                if urlsplit(route.request.url).hostname == "127.0.0.1":
                    route.continue_()
                else:
                    elsewhere.append(route.request.url)
                    route.abort()

            page.route("**/*", only_this_server)
            page.goto(f"http://127.0.0.1:{port}/docs")
            page.wait_for_selector(".swagger-ui .info .title", timeout=15_000)
            title = page.inner_text(".swagger-ui .info .title")
            operations = page.locator(".opblock").count()
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert "newsgraph" in title
    assert operations > 10  # the API's routes are listed
    assert not elsewhere, elsewhere
