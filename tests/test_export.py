"""Each export format, read back with the library its users read it with."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import networkx as nx
import pytest

from newsgraph.export import EXPORTERS, ExportError, export
from newsgraph.export.gdelt import COLUMNS
from newsgraph.store.database import open_store
from tests.surfaces import build_demo_store


@pytest.fixture(scope="module")
def demo_engine(tmp_path_factory, extractor):
    engine = open_store(build_demo_store(tmp_path_factory.mktemp("export"), extractor))
    yield engine
    engine.dispose()


def test_registry_has_every_format():
    assert set(EXPORTERS) == {"jsonl", "gdelt", "ftm", "graphml", "csv"}


def test_jsonl_holds_articles_with_evidence_and_entities(demo_engine, tmp_path: Path):
    path = tmp_path / "all.jsonl"
    count = export(demo_engine, "jsonl", path)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == count
    articles = [line for line in lines if line["kind"] == "article"]
    entities = [line for line in lines if line["kind"] == "entity"]
    assert len(articles) == 39 and entities
    with_events = [a for a in articles if a["events"]]
    assert with_events
    for article in with_events:
        for event in article["events"]:
            start = event["evidence"]["sentence_start"]
            assert article["text"][start : start + len(event["evidence"]["sentence"])] == event["evidence"]["sentence"]
    assert any(role["evidence"]["sentence"] for entity in entities for role in entity["roles"])


def test_gdelt_csv_has_dates_actors_countries_types_and_urls(demo_engine, tmp_path: Path):
    path = tmp_path / "events.csv"
    count = export(demo_engine, "gdelt", path)
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == count > 0
    assert list(rows[0]) == COLUMNS
    assert all(len(row["SQLDATE"]) == 8 and row["SQLDATE"].isdigit() for row in rows)
    assert all(row["SOURCEURL"].startswith("https://") for row in rows if row["SOURCEURL"])
    trade = [row for row in rows if row["Actor1CountryCode"] == "CAN" and row["EventCode"] == "AGREE"]
    assert trade and "Manila" in {row["ActionGeo_FullName"] for row in trade}


def test_ftm_entities_are_valid_followthemoney(demo_engine, tmp_path: Path):
    model = pytest.importorskip(
        "followthemoney", reason="followthemoney is not installed (the ftm extra: pip install 'newsgraph[ftm]')"
    ).model
    path = tmp_path / "entities.ftm.json"
    export(demo_engine, "ftm", path)
    proxies = [model.get_proxy(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines()]
    by_schema: dict[str, list] = {}
    for proxy in proxies:
        by_schema.setdefault(proxy.schema.name, []).append(proxy)
    assert {"Person", "Organization", "Territory", "Article", "Event"} <= set(by_schema)
    names = {name for proxy in by_schema["Person"] for name in proxy.get("name")}
    assert "Anita Rao" in names
    ids = {proxy.id for proxy in proxies}
    events = by_schema["Event"]
    assert any(event.get("involved") or event.get("organizer") for event in events)
    for event in events:
        for ref in event.get("involved") + event.get("organizer") + event.get("location") + event.get("proof"):
            assert ref in ids  # every reference resolves inside the export
        assert event.get("summary")  # the evidence sentence


def test_ftm_without_followthemoney_names_the_extra(demo_engine, tmp_path: Path, monkeypatch):
    monkeypatch.setitem(sys.modules, "followthemoney", None)  # import fails as if not installed
    path = tmp_path / "entities.ftm.json"
    with pytest.raises(ExportError, match=r"pip install 'newsgraph\[ftm\]'"):
        export(demo_engine, "ftm", path)
    assert not path.exists()  # failed before writing anything


def test_graphml_reads_back_with_networkx(demo_engine, tmp_path: Path):
    path = tmp_path / "graph.graphml"
    export(demo_engine, "graphml", path)
    graph = nx.read_graphml(path, force_multigraph=True)
    assert graph.number_of_nodes() > 50
    kinds = {data["kind"] for _, _, data in graph.edges(data=True)}
    assert kinds == {"event", "co-mention"}
    labels = nx.get_node_attributes(graph, "label")
    assert "Manila" in labels.values()
    event_edges = [data for _, _, data in graph.edges(data=True) if data["kind"] == "event"]
    assert all(data["type"] and data["event_id"] for data in event_edges)


def test_csv_tables_join_by_id(demo_engine, tmp_path: Path):
    folder = tmp_path / "tables"
    export(demo_engine, "csv", folder)

    def table(name: str) -> list[dict[str, str]]:
        with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as stream:
            return list(csv.DictReader(stream))

    articles, events, participants = table("articles"), table("events"), table("event_participants")
    assert len(articles) == 39 and table("entities") and table("mentions") and table("quantities")
    article_ids = {a["id"] for a in articles}
    event_ids = {e["id"] for e in events}
    assert all(e["article_id"] in article_ids for e in events)
    assert all(p["event_id"] in event_ids for p in participants)


def test_bad_destinations_are_clear_errors(demo_engine, tmp_path: Path):
    with pytest.raises(ExportError, match="unknown export format"):
        export(demo_engine, "xlsx", tmp_path / "x")
    with pytest.raises(ExportError, match="give a folder"):
        export(demo_engine, "csv", None)
    with pytest.raises(ExportError, match="does not exist"):
        export(demo_engine, "jsonl", tmp_path / "missing" / "x.jsonl")
