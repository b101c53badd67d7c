"""The REST API over a store holding the demo corpus (in-process ASGI)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from newsgraph.api.app import create_app
from newsgraph.api.body import MAX_BODY_BYTES
from newsgraph.config import load_settings
from tests.surfaces import WEB_FIXTURES, build_demo_store


@pytest.fixture(scope="module")
def client(tmp_path_factory, extractor):
    url = build_demo_store(tmp_path_factory.mktemp("api"), extractor)
    app = create_app(load_settings(database_url=url))
    app.state.writer._extractor = extractor  # the session's pipeline: no second load
    with TestClient(app) as test_client:
        yield test_client


def entity_id(client: TestClient, name: str) -> int:
    hits = client.get("/api/entities/search", params={"q": name}).json()
    return next(hit["id"] for hit in hits if hit["name"] == name)


def test_stats_and_articles_with_paging(client: TestClient):
    stats = client.get("/api/stats").json()
    assert stats["articles"] >= 39
    first = client.get("/api/articles", params={"limit": 5}).json()
    second = client.get("/api/articles", params={"limit": 5, "offset": 5}).json()
    assert len(first) == len(second) == 5
    assert not {a["id"] for a in first} & {a["id"] for a in second}


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 501}, {"offset": -1}, {"limit": "many"}])
def test_paging_is_bounded(client: TestClient, params: dict):
    response = client.get("/api/articles", params=params)
    assert response.status_code == 422


def test_entity_profile_roles_timeline_events_neighbours(client: TestClient):
    manila = entity_id(client, "Manila")
    profile = client.get(f"/api/entities/{manila}").json()
    assert profile["name"] == "Manila" and "Manila" in profile["aliases"]
    assert client.get(f"/api/entities/{manila}/roles").status_code == 200
    assert isinstance(client.get(f"/api/entities/{manila}/timeline").json(), list)
    events = client.get(f"/api/entities/{manila}/events").json()
    assert events and all(any(p["entity_id"] == manila for p in e["participants"]) for e in events)
    graph = client.get(f"/api/entities/{manila}/neighbours").json()
    assert any(node["focus"] and node["id"] == manila for node in graph["nodes"])
    event_edges = [edge for edge in graph["edges"] if edge["kind"] == "event"]
    assert event_edges and all(edge["event_id"] for edge in event_edges)
    only_agree = client.get(f"/api/entities/{manila}/neighbours", params={"types": "AGREE"}).json()
    assert {edge["type"] for edge in only_agree["edges"]} <= {"AGREE"}
    assert client.get(f"/api/entities/{manila}/neighbours", params={"types": "HUG"}).status_code == 400


def test_person_roles(client: TestClient):
    rao = entity_id(client, "Anita Rao")
    roles = client.get(f"/api/entities/{rao}/roles").json()
    assert {role["title"] for role in roles} >= {"Chief Executive", "Managing Director"}
    assert all(role["evidence"]["sentence"] for role in roles)


def test_events_filters_match_the_cli(client: TestClient):
    agree = client.get("/api/events", params={"type": "AGREE", "limit": 100}).json()
    assert agree and {e["type"] for e in agree} == {"AGREE"}
    in_2026 = client.get("/api/events", params={"reported_since": "2026-01-01", "limit": 100}).json()
    assert all(e["reported"] >= "2026-01-01" for e in in_2026)
    phl = client.get("/api/events", params={"country": "PHL", "limit": 100}).json()
    assert phl and all(any(p["country"] == "PHL" for p in e["participants"]) for e in phl)
    assert client.get("/api/events", params={"type": "HUG"}).status_code == 422
    assert client.get("/api/events", params={"since": "not-a-date"}).status_code == 422


def test_event_with_its_article_locates_the_evidence(client: TestClient):
    [event] = client.get("/api/events", params={"type": "AGREE", "country": "PHL", "limit": 1}).json()
    found = client.get(f"/api/events/{event['id']}").json()
    sentence = found["text"][found["sentence_start"] : found["sentence_end"]]
    assert sentence == event["evidence"]["sentence"]
    assert found["text"][found["trigger_start"] : found["trigger_end"]] == event["trigger"]


def test_quantities_and_search(client: TestClient):
    figures = client.get("/api/quantities", params={"unit": "%", "limit": 5}).json()
    assert figures and all(q["unit"] == "%" for q in figures)
    results = client.get("/api/search", params={"q": "Manila"}).json()
    assert results["articles"] and results["entities"][0]["name"] == "Manila"
    percent = client.get("/api/search/articles", params={"q": "%"}).json()
    assert percent and all("%" in client.get(f"/api/articles/{a['id']}").json()["text"] for a in percent)
    # Search text is a bound parameter, wildcards escaped: these match nothing, and break nothing.
    for text in ("%zq%", "_zq_", "' OR '1'='1", "\\zq"):
        response = client.get("/api/search", params={"q": text})
        assert response.status_code == 200
        assert response.json()["articles"] == []


def test_not_found_and_bad_ids_are_4xx(client: TestClient):
    assert client.get("/api/entities/999999").status_code == 404
    assert client.get("/api/entities/999999").json()["error"] == "NotFoundError"
    assert client.get("/api/events/999999").status_code == 404
    assert client.get("/api/articles/ffffffffff").status_code == 404
    assert client.get("/api/entities/0").status_code == 422
    assert client.get(f"/api/entities/{2**70}").status_code == 422
    assert client.get("/api/articles/not-hex").status_code == 422


def test_post_json_articles_ingests_once(client: TestClient):
    article = {
        "published": "2026-07-01",
        "outlet": "Test Desk",
        "title": "Ministers meet in Oslo",
        "text": "Norway's foreign minister met her Swedish counterpart in Oslo on Tuesday, the ministry said.",
    }
    first = client.post("/api/articles", json=article)
    assert first.status_code == 200, first.text
    assert first.json()["stored"] == 1
    again = client.post("/api/articles", json=[article])
    assert again.json()["stored"] == 0 and again.json()["already_present"] == 1
    stored_id = first.json()["stored_ids"][0]
    assert client.get(f"/api/articles/{stored_id}").json()["title"] == "Ministers meet in Oslo"


def test_post_html_and_feed_bodies(client: TestClient):
    html = (WEB_FIXTURES / "harbour-ledger-port-strike.html").read_bytes()
    response = client.post("/api/articles", content=html, headers={"content-type": "text/html; charset=utf-8"})
    assert response.status_code == 200 and response.json()["stored"] + response.json()["already_present"] == 1
    feed = (WEB_FIXTURES / "meridian-wire.rss").read_bytes()
    response = client.post("/api/articles", content=feed, headers={"content-type": "application/rss+xml"})
    body = response.json()
    assert body["articles_read"] == 2 and [r["position"] for r in body["rejected"]] == [3]


def test_post_bad_bodies_are_clear_4xx(client: TestClient):
    no_date = client.post("/api/articles", json={"published": "yesterday", "text": "Something happened."})
    assert no_date.status_code == 422 and "publication date" in no_date.json()["detail"]
    assert client.post("/api/articles", json={"text": "no date"}).status_code == 422
    assert (
        client.post("/api/articles", content=b"{not json", headers={"content-type": "application/json"}).status_code
        == 422
    )
    undated = (WEB_FIXTURES / "undated-opinion.html").read_bytes()
    assert client.post("/api/articles", content=undated, headers={"content-type": "text/html"}).status_code == 422
    assert client.post("/api/articles", content=b"x", headers={"content-type": "image/png"}).status_code == 415
    nested = b"[" * 100_000
    assert client.post("/api/articles", content=nested, headers={"content-type": "application/json"}).status_code == 422
    # a lone surrogate is repaired (U+FFFD), as every reader repairs it, not refused
    lone_surrogate = b'{"published": "2026-01-01", "text": "bad \\ud800 text"}'
    response = client.post("/api/articles", content=lone_surrogate, headers={"content-type": "application/json"})
    assert response.status_code == 200 and response.json()["stored"] == 1


def test_request_size_is_limited(client: TestClient):
    big = json.dumps({"published": "2026-01-01", "text": "x" * (MAX_BODY_BYTES + 10)})
    response = client.post("/api/articles", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_openapi_schema_lists_the_api(client: TestClient):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/articles", "/api/entities/{entity_id}/neighbours", "/api/events", "/api/search",
                 "/api/quantities", "/api/events/{event_id}"):  # fmt: skip
        assert path in paths
    assert "text/html" in paths["/api/articles"]["post"]["requestBody"]["content"]
    assert not any(path.startswith("/entities") for path in paths)  # pages are not API


def test_pages_escape_article_text(client: TestClient):
    hostile = {
        "published": "2026-07-02",
        "outlet": "<b>Evil</b> Outlet",
        "url": "javascript:alert(1)",
        "title": "<script>alert('title')</script>",
        "text": "Officials in Oslo said <script>alert('x')</script> the talks with Sweden would resume on Friday.",
    }
    stored = client.post("/api/articles", json=hostile).json()["stored_ids"][0]
    page = client.get(f"/articles/{stored}").text
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert 'href="javascript:' not in page
    search = client.get("/search", params={"q": "<script>"}).text
    assert "<script>alert" not in search and "&lt;script&gt;" in search


def test_pages_render(client: TestClient):
    manila = entity_id(client, "Manila")
    [event] = client.get("/api/events", params={"type": "AGREE", "country": "PHL", "limit": 1}).json()
    for path in ("/", "/search?q=Manila", f"/entities/{manila}", f"/events/{event['id']}",
                 f"/articles/{event['evidence']['article_id']}", "/static/graph.js", "/static/style.css"):  # fmt: skip
        assert client.get(path).status_code == 200, path
    page = client.get(f"/events/{event['id']}").text
    assert '<mark class="evidence" id="evidence">' in page
    missing = client.get("/entities/999999")
    assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]


def test_stories_with_first_report_and_conflicts(client: TestClient):
    stories = client.get("/api/stories").json()
    assert stories and all(story["articles"] >= 2 for story in stories)
    story = client.get(f"/api/stories/{stories[0]['id']}").json()
    reports = story["reports"]
    assert [r["published"] for r in reports] == sorted(r["published"] for r in reports)
    assert sum(r["first_report"] for r in reports) == 1 and reports[0]["first_report"]
    assert isinstance(story["conflicts"], list)
    for conflict in client.get("/api/conflicts").json():
        assert len(conflict["values"]) >= 2 and conflict["story_id"]
    assert client.get("/api/stories/999999").status_code == 404
    assert client.get(f"/stories/{stories[0]['id']}").status_code == 200


def test_code_a_dyad(client: TestClient):
    sentence = "Lithuania expelled two Belarusian diplomats on Monday."
    body = {"sentence": sentence, "source": "Lithuania", "target": "Belarusian diplomats"}
    coded = client.post("/api/code", json=body).json()
    assert (coded["type"], coded["mode"]) == ("SANCTION", "expel")
    assert sentence[coded["trigger_start"] : coded["trigger_end"]] == "expelled"
    missing = client.post("/api/code", json=body | {"target": "Latvia"})
    assert missing.status_code == 422 and "Latvia" in missing.text
