"""Every read sees the resolved graph: two articles name one company
"Adani Defence and Aerospace" and "Adani Defence"; resolution judges them one
entity, and the entity list, profile, timeline, events, graph, search, the
web page and every export show one entity. A person's split makes them two
everywhere at once, and a merge one again."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.export import export
from newsgraph.ingest import read_source
from newsgraph.query.entities import find_canonical_ids, find_entity_ids, list_entities
from newsgraph.query.events import EventFilter, list_events
from newsgraph.query.graph import entity_neighbourhood
from newsgraph.query.search import search_entities
from newsgraph.query.timeline import entity_timeline
from newsgraph.runner import ingest_items

from .conftest import FIXTURES

TWO_NAMES = FIXTURES / "resolved" / "adani-two-names.jsonl"
LONG, SHORT = "Adani Defence and Aerospace", "Adani Defence"


@pytest.fixture
def store(engine, extractor):
    ingest_items(list(read_source(str(TWO_NAMES))), engine, extractor, batch_size=8)
    return engine


def cli(db_url: str, *args: str) -> str:
    result = CliRunner().invoke(app, ["--db", db_url, *args])
    assert result.exit_code == 0, result.output
    return result.output


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def written(engine, name: str) -> int:
    """The entity a name was given when written (what a decision is about)."""
    return find_entity_ids(engine, name, "ORG")[0]


def adani_views(engine, db_url: str, folder: Path) -> dict[str, set]:
    """The Adani entities each read shows, as sets of (id or name)."""
    adani = lambda name: name is not None and name.startswith("Adani")  # noqa: E731
    folder.mkdir(exist_ok=True)
    views: dict[str, set] = {}
    views["entities"] = {e["id"] for e in json_lines(cli(db_url, "entities", "--json")) if adani(e["name"])}
    views["find"] = set(find_canonical_ids(engine, SHORT)) | set(find_canonical_ids(engine, LONG))
    views["search"] = {hit.id for hit in search_entities(engine, "adani")}
    # "signed an agreement": SUPPORT, PLOVER's convention for a signed deal.
    events = json_lines(cli(db_url, "events", "--json", "--type", "SUPPORT"))
    views["events"] = {p["entity_id"] for e in events for p in e["participants"] if adani(p["entity"])}
    views["actor filter"] = {
        p["entity_id"]
        for e in json_lines(cli(db_url, "events", "--json", "--actor", SHORT))
        for p in e["participants"]
        if p["role"] == "actor"
    }
    graph = entity_neighbourhood(engine, written(engine, SHORT))
    views["graph"] = {node.id for node in graph.nodes if adani(node.name)}
    export(engine, "ftm", folder / "ftm.json")
    views["ftm"] = {
        proxy["id"]
        for proxy in json_lines((folder / "ftm.json").read_text())
        if adani(proxy["properties"].get("name", [None])[0])
    }
    export(engine, "gdelt", folder / "events.csv")
    with (folder / "events.csv").open(newline="") as stream:
        views["gdelt"] = {row["Actor1Name"] for row in csv.DictReader(stream) if row["EventCode"] == "SUPPORT"}
    export(engine, "graphml", folder / "graph.graphml")
    graphml = nx.read_graphml(folder / "graph.graphml")
    views["graphml"] = {node for node, data in graphml.nodes(data=True) if adani(data.get("label"))}
    export(engine, "jsonl", folder / "all.jsonl")
    views["jsonl"] = {
        line["id"]
        for line in json_lines((folder / "all.jsonl").read_text())
        if line["kind"] == "entity" and adani(line["name"])
    }
    return views


def test_one_entity_everywhere_then_split_makes_two_and_merge_one(store, db_url, tmp_path):
    why = json.loads(cli(db_url, "entity", "why", SHORT, LONG, "--json"))
    assert why["same_cluster"], "the fixture must be judged one entity"
    one = adani_views(store, db_url, tmp_path)
    assert {view: len(ids) for view, ids in one.items()} == dict.fromkeys(one, 1)
    assert one["gdelt"] == {LONG}  # both reports' actor, under the canonical name
    assert one["graph"] == one["entities"] == one["events"] == one["search"]
    (company,) = [p for p in json_lines((tmp_path / "ftm.json").read_text()) if p["id"] in one["ftm"]]
    assert company["properties"]["name"] == [LONG] and company["properties"]["alias"] == [SHORT]

    assert not json.loads(cli(db_url, "entity", "split", SHORT, LONG, "--json"))["same_cluster"]
    two = adani_views(store, db_url, tmp_path / "split")
    one_view = ("actor filter", "graph")  # views that show only what is "Adani Defence" now
    assert {view: len(ids) for view, ids in two.items() if view not in one_view} == {
        view: 2 for view in two if view not in one_view
    }
    assert two["gdelt"] == {SHORT, LONG}
    short = written(store, SHORT)
    assert two["graph"] == two["actor filter"] == {short}  # no longer a name of the other

    assert json.loads(cli(db_url, "entity", "merge", SHORT, LONG, "--json"))["same_cluster"]
    again = adani_views(store, db_url, tmp_path / "merged")
    assert again == one


def test_profile_of_either_name_is_the_canonical_entity_with_every_name(store, db_url):
    profiles = json_lines(cli(db_url, "entity", SHORT, "--json"))
    assert len(profiles) == 1
    profile = profiles[0]
    assert profile["name"] == LONG and {SHORT, LONG} <= set(profile["aliases"])
    assert (profile["mentions"], profile["articles"]) == (4, 2)
    assert profile["id"] not in {c["id"] for c in profile["co_mentions"]}
    assert {e["article_id"] for e in profile["evidence"]} == {a.id for a in read_source(str(TWO_NAMES))}
    # the profile of the merged-away id is the canonical one
    merged_away = json_lines(cli(db_url, "entity", f"{SHORT}", "--json"))[0]
    assert merged_away == profile


def test_timeline_and_events_of_the_merged_away_id_cover_both_reports(store):
    short = written(store, SHORT)
    canonical = find_canonical_ids(store, SHORT)[0]
    assert short != canonical
    by_short = list_events(store, EventFilter(entity_id=short))
    assert by_short == list_events(store, EventFilter(entity_id=canonical))
    assert len({e.evidence.article_id for e in by_short}) == 2
    timeline = entity_timeline(store, short)
    assert timeline == entity_timeline(store, canonical)
    assert len({entry.evidence.article_id for entry in timeline}) == 2
    assert [e.id for e in list_entities(store) if e.name.startswith("Adani")] == [canonical]


def test_show_gives_each_mention_its_canonical_entity(store, db_url):
    canonical = find_canonical_ids(store, SHORT)[0]
    for article in read_source(str(TWO_NAMES)):
        shown = json_lines(cli(db_url, "show", article.id[:12], "--json"))[0]
        adani = [m for m in shown["mentions"] if m["text"].startswith("Adani")]
        assert adani and {m["entity_id"] for m in adani} == {canonical}
        assert {(m["entity"], m["entity_type"]) for m in adani} == {(LONG, "ORG")}
        # the table names each entity once, by its canonical name, with the names the article gives it
        rows = [line for line in cli(db_url, "show", article.id[:12]).splitlines() if "Adani" in line]
        table = [line for line in rows if line.startswith("│ Adani")]
        assert len(table) == 1 and LONG in table[0]


def test_web_page_of_a_merged_away_id_redirects_to_the_canonical_entity(store, db_url):
    from fastapi.testclient import TestClient

    from newsgraph.api.app import create_app
    from newsgraph.config import load_settings

    client = TestClient(create_app(load_settings(database_url=db_url), store))
    short, canonical = written(store, SHORT), find_canonical_ids(store, SHORT)[0]
    response = client.get(f"/entities/{short}", follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"].endswith(f"/entities/{canonical}")
    page = client.get(f"/entities/{short}")
    assert page.status_code == 200 and LONG in page.text
    assert client.get(f"/api/entities/{short}").json()["id"] == canonical


def test_extract_gives_each_mention_its_entity_within_the_article():
    result = CliRunner().invoke(app, ["extract", str(TWO_NAMES)])
    assert result.exit_code == 0, result.output
    first = json_lines(result.output)[0]
    ids = {m["text"]: m["entity"] for m in first["mentions"]}
    entities = {e["id"]: e["name"] for e in first["entities"]}
    assert entities[ids[LONG]] == LONG and entities[ids["Norland Electronics"]] == "Norland Electronics"
    assert len(set(ids.values())) == len(first["entities"])


@pytest.fixture(scope="module")
def demo_engine(tmp_path_factory, extractor):
    from newsgraph.store.database import open_store
    from tests.surfaces import build_demo_store

    engine = open_store(build_demo_store(tmp_path_factory.mktemp("resolved"), extractor))
    yield engine
    engine.dispose()


def test_no_read_of_the_demo_store_shows_an_entity_merged_into_another(demo_engine, tmp_path):
    from sqlalchemy import select

    from newsgraph.query.catalogue import iter_articles, iter_entities
    from newsgraph.query.entities import entity_profile
    from newsgraph.query.graph import store_graph
    from newsgraph.store import schema

    EC, E = schema.entity_canonical, schema.entity
    with demo_engine.connect() as connection:
        head_of = dict(connection.execute(select(EC.c.entity_id, EC.c.canonical_id)).all())
        names = dict(connection.execute(select(E.c.id, E.c.canonical_name)).all())
    merged_away = {entity for entity, head in head_of.items() if entity != head}
    assert merged_away, "the demo corpus has names judged one entity (Rajeev/Rajiv Malhotra, ...)"

    shown: dict[str, set[int]] = {
        "entities": {e.id for e in list_entities(demo_engine, limit=100_000)},
        "catalogue": {e.id for e in iter_entities(demo_engine)},
        "graph": {node.id for node in store_graph(demo_engine).nodes},
    }
    articles = list(iter_articles(demo_engine))
    shown["participants"] = {p.entity_id for r in articles for e in r.events for p in e.participants if p.entity_id}
    shown["mentions"] = {m.entity_id for r in articles for m in r.article.mentions if m.entity_id}
    export(demo_engine, "graphml", tmp_path / "graph.graphml")
    shown["graphml"] = {int(node) for node in nx.read_graphml(tmp_path / "graph.graphml").nodes}
    export(demo_engine, "ftm", tmp_path / "ftm.json")
    shown["ftm"] = {
        int(proxy["id"].rsplit("-", 1)[1])
        for proxy in json_lines((tmp_path / "ftm.json").read_text())
        if proxy["id"].startswith("newsgraph-entity-")
    }
    for view, ids in shown.items():
        assert ids, view
        assert not ids & merged_away, f"{view} shows entities merged into another: {sorted(ids & merged_away)}"
    # every merged name is an alias of the entity it was merged into
    for entity in sorted(merged_away):
        profile = entity_profile(demo_engine, entity)
        assert profile.id == head_of[entity] and names[entity] in profile.aliases


def test_a_short_name_linked_within_its_articles_stands_for_the_people_it_was_linked_to(engine, extractor):
    """ "Kumar" names Sanjeev Kumar in one article and Anil Kumar in another:
    it is no entity of its own, and its mentions count for each of them."""
    from newsgraph.query.entities import entity_profile

    ingest_items(list(read_source(str(FIXTURES / "resolve" / "kumar-story.jsonl"))), engine, extractor, batch_size=8)
    sanjeev, anil = (find_canonical_ids(engine, name, "PERSON")[0] for name in ("Sanjeev Kumar", "Anil Kumar"))
    assert set(find_canonical_ids(engine, "Kumar", "PERSON")) == {sanjeev, anil}
    profile = entity_profile(engine, sanjeev)
    # "Sanjeev Kumar" and "Kumar" in the first report, "Sanjay Kumar" (merged) in the second
    assert (profile.mentions, profile.articles) == (3, 2)
    assert {e.sentence[e.start : e.end] for e in profile.evidence} == {"Sanjeev Kumar", "Kumar", "Sanjay Kumar"}
    # every name written for him is an alias: merged ("Sanjay Kumar") or linked within its article ("Kumar")
    assert {"Sanjeev Kumar", "Kumar", "Sanjay Kumar"} <= set(profile.aliases)
    assert "Anil Kumar" not in profile.aliases


def test_a_city_named_only_in_a_dateline_is_listed_as_a_name_not_in_capitals(engine, extractor):
    from datetime import date

    from newsgraph.model import Article

    text = "LISBON, Nov 29 (Harbour Wire) - Dock workers at the port walked off the job on Saturday after talks failed."
    ingest_items([Article.create(published=date(2026, 11, 30), text=text, outlet="Harbour Wire")], engine, extractor)
    names = {entity.name for entity in list_entities(engine, entity_type="GPE")}
    assert "Lisbon" in names and "LISBON" not in names


def test_an_event_participant_has_the_type_of_the_entity_it_resolves_to(engine, extractor):
    """The model tags the short "Veltrix" a place; within the article it is
    the company named in full, and its event shows the company's type."""
    from datetime import date

    from newsgraph.model import Article

    text = (
        "Veltrix Semiconductors unveiled a low-power processor on Saturday, chief executive Amara Quist said. "
        "Quist said Veltrix had signed supply agreements with two European carmakers."
    )
    ingest_items([Article.create(published=date(2026, 11, 22), text=text, outlet="Tech Ledger")], engine, extractor)
    events = list_events(engine, EventFilter())
    participants = [p for event in events for p in event.participants if p.text == "Veltrix"]
    assert participants, "the supply agreement has Veltrix as a participant"
    assert {(p.entity, p.entity_type) for p in participants} == {("Veltrix Semiconductors", "ORG")}


@pytest.mark.parametrize("command", [("timeline", "Rajiv Malhotra"), ("conflicts",)])
def test_timeline_and_conflicts_page_like_every_listing(demo_engine, command: tuple[str, ...]):
    """--limit and --offset cut the same list --json gives whole, and a cut
    table says there is more (the timeline stopped at 200 without saying so)."""
    url = demo_engine.url.render_as_string(hide_password=False)
    every = json_lines(cli(url, *command, "--json", "--limit", "1000"))
    assert len(every) > 3
    assert json_lines(cli(url, *command, "--json", "--limit", "2", "--offset", "1")) == every[1:3]
    assert cli(url, *command, "--limit", "2").rstrip().splitlines()[-1].startswith("… more: use --limit/--offset")
    assert "… more" not in cli(url, *command, "--limit", str(len(every)))
