from __future__ import annotations

from sqlalchemy import func, select

from newsgraph.cli import demo_corpus
from newsgraph.extract.parallel import ProcessPool
from newsgraph.pipeline import ingest
from newsgraph.store import schema
from newsgraph.store.database import open_store
from tests.conftest import FIXTURES


def contents(engine) -> tuple[set[str], dict[str, int], int]:
    with engine.connect() as connection:
        ids = set(connection.scalars(select(schema.article.c.id)))
        mentions = dict(
            connection.execute(
                select(schema.mention.c.article_id, func.count()).group_by(schema.mention.c.article_id)
            ).all()
        )
        rejected = connection.scalar(select(func.count()).select_from(schema.rejected))
    return ids, mentions, rejected


def resolved(engine) -> dict[str, list]:
    """What resolution stored, without the row ids a run happens to give:
    entities, each mention's link and each entity's canonical entity, the
    resolved roles, events with their participants, stories (members and
    first report), active judgements and statements (row ids differ between
    stores: a PostgreSQL sequence also moves on an insert that conflicts)."""
    S = schema
    with engine.connect() as connection:
        name = {row.id: (row.type, row.normalised_name) for row in connection.execute(select(S.entity))}

        def rows(statement):
            return sorted((tuple(name.get(v, v) if k.endswith("entity") else v for k, v in row._mapping.items())
                           for row in connection.execute(statement)), key=repr)  # fmt: skip

        entities = sorted(name.values())
        canonical = rows(
            select(S.entity_canonical.c.entity_id.label("entity"), S.entity_canonical.c.canonical_id.label("c_entity"))
        )
        links = rows(
            select(S.mention.c.article_id, S.mention.c.start, S.mention.c.text, S.mention_link.c.rule)
            .add_columns(S.mention_link.c.entity_id.label("entity"), S.mention_link.c.country)
            .join(S.mention_link, S.mention_link.c.mention_id == S.mention.c.id)
        )
        roles = rows(
            select(S.role.c.article_id, S.role.c.start, S.role.c.title, S.resolved_role.c.rule)
            .add_columns(S.resolved_role.c.person_entity_id.label("person_entity"), S.resolved_role.c.country)
            .add_columns(S.resolved_role.c.organisation_entity_id.label("organisation_entity"))
            .join(S.resolved_role, S.resolved_role.c.role_id == S.role.c.id)
        )
        events = rows(
            select(S.event.c.article_id, S.event.c.type, S.event.c.trigger_start, S.event.c.event_value)
            .add_columns(S.event_role.c.role, S.event_role.c.text, S.event_role.c.entity_id.label("entity"))
            .join(S.event_role, S.event_role.c.event_id == S.event.c.id)
        )
        members: dict[int, list[str]] = {}
        for article_id, story_id in connection.execute(
            select(S.article_story.c.article_id, S.article_story.c.story_id)
        ):
            members.setdefault(story_id, []).append(article_id)
        first = dict(connection.execute(select(S.story.c.id, S.story.c.first_article_id)).all())
        stories = sorted((sorted(m), first[story_id]) for story_id, m in members.items())
        J = S.judgement
        judgements = sorted(
            (sorted((name[left], name[right])), verdict, score)
            for left, right, verdict, score in connection.execute(
                select(J.c.left_entity_id, J.c.right_entity_id, J.c.verdict, J.c.score).where(J.c.deleted_at.is_(None))
            )
        )
        T = S.statement
        # an entity subject by its name; other subjects (rows of this store) by kind
        statements = sorted(
            (
                (kind, name[subject] if kind == "entity" else None, *rest)
                for kind, subject, *rest in connection.execute(
                    select(T.c.subject_kind, T.c.subject_id, T.c.property, T.c.value, T.c.article_id, T.c.start)
                )
            ),
            key=repr,
        )
    return {
        "entities": entities, "canonical": canonical, "links": links, "roles": roles, "events": events,
        "stories": stories, "judgements": judgements, "statements": statements,
    }  # fmt: skip


def test_worker_processes_store_the_same_as_one_process(tmp_path, extractor, engine):
    """One process and two workers store the same rows, and resolve them
    alike (entities, links, events, stories, judgements), on the demo corpus
    and the fixture articles."""
    sources = [str(demo_corpus()), str(FIXTURES / "articles")]
    single = ingest(sources, engine, extractor, batch_size=4)
    parallel_engine = open_store(f"sqlite:///{tmp_path / 'parallel.db'}")
    pool = ProcessPool("en_core_web_sm", batch_size=4, workers=2)
    try:
        parallel = ingest(sources, parallel_engine, pool, batch_size=4)
    finally:
        pool.close()
    assert len(parallel.stored) == len(single.stored) > 30
    assert sorted(map(str, parallel.rejected)) == sorted(map(str, single.rejected))
    assert contents(parallel_engine) == contents(engine)
    one, two = resolved(engine), resolved(parallel_engine)
    assert len(one["stories"]) > 10 and one["judgements"] and one["canonical"] and one["events"]
    for table in one:
        assert two[table] == one[table], table
    parallel_engine.dispose()
