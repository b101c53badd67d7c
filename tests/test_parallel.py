from __future__ import annotations

from sqlalchemy import func, select

from newsgraph.cli import demo_corpus
from newsgraph.extract.parallel import ProcessPool
from newsgraph.pipeline import ingest
from newsgraph.store import schema
from newsgraph.store.database import open_store


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


def test_worker_processes_store_the_same_as_one_process(tmp_path, extractor, engine):
    corpus = str(demo_corpus())
    single = ingest([corpus], engine, extractor, batch_size=4)
    parallel_engine = open_store(f"sqlite:///{tmp_path / 'parallel.db'}")
    pool = ProcessPool("en_core_web_sm", batch_size=4, workers=2)
    try:
        parallel = ingest([corpus], parallel_engine, pool, batch_size=4)
    finally:
        pool.close()
    assert len(parallel.stored) == len(single.stored) > 30
    assert sorted(map(str, parallel.rejected)) == sorted(map(str, single.rejected))
    assert contents(parallel_engine) == contents(engine)
    parallel_engine.dispose()
