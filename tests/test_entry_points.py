"""The same articles through every way in store the same rows.

The fixture (tests/fixtures/flow) holds three English reports, one French
report with no declared language, and one garbled record. It goes in through
the CLI's ``ingest``, the API's ``POST /api/articles``, ``watch --once`` on a
file feed and the Ray backfill, under both policies for articles not in
English; each store must then hold the same articles (with their languages),
mentions, entities, events, resolution links and rejections.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from newsgraph import cli
from newsgraph.api.app import create_app
from newsgraph.config import load_settings
from newsgraph.store import schema
from newsgraph.store.database import open_store

from .conftest import FIXTURES

SOURCE = FIXTURES / "flow" / "articles.jsonl"
RECORDS = [json.loads(line) for line in SOURCE.read_text(encoding="utf-8").splitlines()]
POLICIES = ("reject", "entities")


def feed_of(records: list[dict], path: Path) -> Path:
    """The records as an RSS 2.0 file, in the same order, same outlet."""
    items = []
    for record in records:
        published = datetime.fromisoformat(record["published"]).replace(hour=9, tzinfo=UTC)
        items.append(
            "<item>"
            f"<title>{escape(record['title'])}</title><link>{escape(record['url'])}</link>"
            f"<pubDate>{format_datetime(published)}</pubDate>"
            f"<description>{escape(record['text'])}</description>"
            "</item>"
        )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{escape(records[0]['outlet'])}</title><link>https://tidewater.example/</link>"
        f"{''.join(items)}</channel></rss>",
        encoding="utf-8",
    )
    return path


def stored_rows(url: str) -> dict[str, list]:
    """What a store holds, without its surrogate ids, input names or times."""
    engine = open_store(url)
    a, m, e, ev, r, link = (
        schema.article,
        schema.mention,
        schema.entity,
        schema.event,
        schema.rejected,
        schema.mention_link,
    )
    linked = e.alias("linked")
    try:
        with engine.connect() as connection:
            rows = {
                "articles": connection.execute(select(a.c.id, a.c.title, a.c.published, a.c.language)).all(),
                "mentions": connection.execute(
                    select(m.c.article_id, m.c.start, m.c.end, m.c.text, m.c.type, e.c.canonical_name).join(
                        e, e.c.id == m.c.entity_id, isouter=True
                    )
                ).all(),
                "entities": connection.execute(select(e.c.type, e.c.canonical_name, e.c.country)).all(),
                "events": connection.execute(
                    select(ev.c.article_id, ev.c.type, ev.c.modality, ev.c.start, ev.c.end)
                ).all(),
                "links": connection.execute(
                    select(link.c.article_id, m.c.start, linked.c.canonical_name, link.c.rule)
                    .join(m, m.c.id == link.c.mention_id)
                    .join(linked, linked.c.id == link.c.entity_id)
                ).all(),
                "rejected": connection.execute(select(r.c.position, r.c.reason)).all(),
            }
    finally:
        engine.dispose()
    return {name: sorted(tuple(str(v) for v in row) for row in found) for name, found in rows.items()}


def through_cli_ingest(url: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli.app, ["--db", url, "ingest", str(SOURCE), "--json"])
    assert result.exit_code == 0, result.output


def through_api_post(url: str, tmp_path: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    app = create_app(load_settings(database_url=url))
    app.state.writer._extractor = extractor
    with TestClient(app) as client:
        response = client.post("/api/articles", json=RECORDS)
    assert response.status_code == 200, response.text


def through_watch(url: str, tmp_path: Path) -> None:
    feed = feed_of(RECORDS, tmp_path / "tidewater.rss")
    result = CliRunner().invoke(cli.app, ["--db", url, "watch", str(feed), "--once"])
    assert result.exit_code == 0, result.output


def through_ray_backfill(url: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli.app, ["--db", url, "--batch-size", "8", "backfill", str(SOURCE), "--ray", "--json"])
    assert result.exit_code == 0, result.output


@pytest.fixture
def shared_extractor(monkeypatch: pytest.MonkeyPatch, extractor):
    """The CLI commands reuse the session's pipeline instead of loading spaCy again."""
    monkeypatch.setattr(cli, "_extractor", lambda: extractor)
    return extractor


@pytest.mark.parametrize("policy", POLICIES)
def test_every_entry_point_stores_the_same_rows(policy: str, tmp_path: Path, monkeypatch, shared_extractor):
    monkeypatch.setenv("NEWSGRAPH_NON_ENGLISH", policy)
    stores: dict[str, dict[str, list]] = {}
    entries = {
        "cli ingest": through_cli_ingest,
        "api post": lambda url, path: through_api_post(url, path, shared_extractor),
        "watch": through_watch,
    }
    try:
        import ray  # noqa: F401

        entries["ray backfill"] = through_ray_backfill
    except ImportError:
        pass
    for name, ingest in entries.items():
        folder = tmp_path / name.replace(" ", "-")
        folder.mkdir()
        url = f"sqlite:///{folder / 'store.db'}"
        ingest(url, folder)
        stores[name] = stored_rows(url)

    reference = stores["cli ingest"]
    languages = {title: language for _, title, _, language in reference["articles"]}
    french = "Accord portuaire à La Valette"
    if policy == "reject":
        assert french not in languages
        assert any("not English" in reason for _, reason in reference["rejected"])
    else:
        assert languages[french] == "fr"
    assert len(reference["rejected"]) == (2 if policy == "reject" else 1)
    assert reference["events"] and reference["links"]
    for name, rows in stores.items():
        for table in rows:
            assert rows[table] == reference[table], f"{name} differs from cli ingest in {table}"
    if "ray backfill" not in stores:
        pytest.skip("Ray is not installed (pip install 'newsgraph[distributed]'): compared CLI, API and watch only")
