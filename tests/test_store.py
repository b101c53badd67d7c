from __future__ import annotations

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import event, func, select

from newsgraph.model import Article, Extraction, Mention, PersonRole, Rejected, Sentence, Timex
from newsgraph.store import schema
from newsgraph.store.database import StoreError, current_revision, head_revision, open_store
from newsgraph.store.writer import StoreWriter

TEXT = "Minister Ana Costa met Kaveri Aerospace in Lisbon. Costa said talks went well."


def make_extraction(text: str = TEXT, outlet: str = "Harbour Ledger") -> Extraction:
    article = Article.create(
        published=date(2026, 1, 5), text=text, outlet=outlet, url="https://harbourledger.example/x"
    )
    mentions = tuple(
        Mention(text.index(name, after), text.index(name, after) + len(name), name, kind, sentence)
        for name, kind, sentence, after in (
            ("Ana Costa", "PERSON", 0, 0),
            ("Kaveri Aerospace", "ORG", 0, 0),
            ("Lisbon", "GPE", 0, 0),
            ("Costa", "PERSON", 1, 40),
        )
    )
    assert [text[m.start : m.end] for m in mentions] == [m.text for m in mentions]
    return Extraction(
        article=article,
        sentences=(Sentence(0, text.index(". ") + 1), Sentence(text.index(". ") + 2, len(text))),
        mentions=mentions,
        roles=(PersonRole(person=0, title="Minister", title_start=0, title_end=8, organisation=None, sentence=0),),
        timexes=(),
        extractor_version="test",
    )


def count(engine, table) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(table))


def test_migrations_create_exactly_the_schema(engine):
    assert current_revision(engine) == head_revision(engine)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), schema.metadata)
    assert diff == []


def test_batch_is_stored_with_mentions_entities_aliases_roles_and_statements(engine):
    result = StoreWriter(engine).write_batch([make_extraction()])
    assert len(result.stored) == 1 and not result.present and not result.failed
    assert count(engine, schema.article) == 1
    assert count(engine, schema.mention) == 4
    assert count(engine, schema.entity) == 4  # "Ana Costa" and "Costa" stay apart until resolution
    assert count(engine, schema.role) == 1
    assert count(engine, schema.source) == 1
    with engine.connect() as connection:
        domain = connection.scalar(select(schema.source.c.domain))
        statements = connection.execute(select(schema.statement.c.property, schema.statement.c.original_text)).all()
    assert domain == "harbourledger.example"
    assert ("title", "Minister") in statements and ("name", "Kaveri Aerospace") in statements


def test_rewriting_is_a_no_op(engine):
    writer = StoreWriter(engine)
    writer.write_batch([make_extraction()])
    again = writer.write_batch([make_extraction(), make_extraction()])
    assert again.stored == [] and len(again.present) == 2
    assert count(engine, schema.article) == 1 and count(engine, schema.mention) == 4


def test_entities_are_shared_across_articles_by_type_and_normalised_name(engine):
    writer = StoreWriter(engine)
    writer.write_batch([make_extraction()])
    writer.write_batch([make_extraction(TEXT.replace("well", "badly"))])
    assert count(engine, schema.article) == 2
    assert count(engine, schema.entity) == 4
    assert count(engine, schema.mention) == 8


def test_a_bad_article_fails_alone_and_is_recorded(engine):
    good = make_extraction()
    broken = make_extraction(TEXT + " More.")
    # A mention whose type is NULL violates the schema: that article must fail alone.
    broken = Extraction(
        article=broken.article,
        sentences=broken.sentences,
        mentions=(Mention(0, 3, "Min", None, 0),),  # type: ignore[arg-type]
        extractor_version="test",
    )
    result = StoreWriter(engine).write_batch([good, broken])
    assert result.stored == [good.article.id]
    (failure,) = result.failed
    assert "could not be stored" in failure.reason
    assert count(engine, schema.article) == 1
    assert count(engine, schema.rejected) == 1
    with engine.connect() as connection:
        assert connection.scalar(select(schema.article.c.id)) == good.article.id


def test_rejections_are_recorded(engine):
    StoreWriter(engine).write_rejected([Rejected("feed.jsonl", "no publication date", 3)])
    with engine.connect() as connection:
        row = connection.execute(
            select(schema.rejected.c.input_name, schema.rejected.c.position, schema.rejected.c.reason)
        ).one()
    assert tuple(row) == ("feed.jsonl", 3, "no publication date")


def test_timexes_are_stored(engine):
    extraction = make_extraction()
    extraction = Extraction(
        article=extraction.article,
        sentences=extraction.sentences,
        mentions=extraction.mentions,
        timexes=(Timex(0, 8, "Minister", "DATE", "2026-01", 0),),
        extractor_version="test",
    )
    StoreWriter(engine).write_batch([extraction])
    assert count(engine, schema.timex) == 1


def test_a_plain_file_path_is_an_sqlite_store(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    engine = open_store("plain.db")
    assert engine.dialect.name == "sqlite" and (tmp_path / "plain.db").is_file()
    engine.dispose()
    engine = open_store(str(tmp_path / "plain.db"))  # an absolute path to the same file
    assert engine.url.database == str((tmp_path / "plain.db").resolve())
    engine.dispose()


def test_unusable_database_urls_fail_with_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="not a valid SQLAlchemy URL"):
        open_store("nonsense")
    with pytest.raises(StoreError, match="does not exist"):
        open_store(f"sqlite:///{tmp_path}/missing/folder/x.db")


def _naming(names: list[str], number: int) -> Extraction:
    """An article of one sentence naming ``names`` in this order."""
    text = f"Report {number}: " + ", ".join(names) + " met in Lisbon."
    mentions = tuple(Mention(text.index(n), text.index(n) + len(n), n, "PERSON", 0) for n in names)
    article = Article.create(published=date(2026, 1, 5), text=text, outlet=f"Outlet {number % 3}")
    return Extraction(article=article, sentences=(Sentence(0, len(text)),), mentions=mentions, extractor_version="t")


def test_two_writers_at_once_share_entities_without_losing_an_article(engine):
    """Two writers store their own articles at the same time, round after
    round naming people neither has stored yet, in opposite orders (on
    PostgreSQL, what deadlocks two transactions that insert the same new
    keys unsorted)."""
    import threading

    rounds, per_round = 10, 12
    people = [[f"Orla Vance {chr(65 + r)}{i}" for i in range(per_round)] for r in range(rounds)]
    start = threading.Barrier(2, timeout=60)
    results = []
    rolled_back = []
    event.listen(engine, "rollback", lambda connection: rolled_back.append(connection))

    def write(writer_number: int) -> None:
        writer = StoreWriter(engine)
        for r in range(rounds):
            names = people[r] if writer_number == 0 else people[r][::-1]
            batch = [_naming(names, 1000 * writer_number + 10 * r + k) for k in range(4)]
            start.wait()
            results.append(writer.write_batch(batch))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert len(results) == 2 * rounds
    assert [r.failed for r in results if r.failed] == []
    assert rolled_back == []  # no batch was a deadlock's victim, and none was written again
    assert sum(len(r.stored) for r in results) == 2 * rounds * 4 == count(engine, schema.article)
    assert count(engine, schema.entity) == rounds * per_round
    assert count(engine, schema.source) == 3


def test_only_a_deadlock_or_serialisation_failure_is_run_again():
    from sqlalchemy.exc import DBAPIError

    from newsgraph.store.writer import lost_to_another_writer

    class DriverError(Exception):
        def __init__(self, sqlstate: str) -> None:
            super().__init__(sqlstate)
            self.sqlstate = sqlstate

    def error(sqlstate: str) -> DBAPIError:
        return DBAPIError("INSERT …", None, DriverError(sqlstate))

    assert lost_to_another_writer(error("40P01")) and lost_to_another_writer(error("40001"))
    assert not lost_to_another_writer(error("23505"))  # a unique violation is the article's own fault
