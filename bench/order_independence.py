"""Are stories, entities and judgements independent of how articles arrive?

Ingests the same N reports (ECB+ development reports by default) into fresh
stores in several ways, each with the ``newsgraph ingest`` command in its own
process, and compares each store with the one built in a single run:

- ``one run``: all reports in one file, one run (the reference), and the
  same again in another store (what differs there is not order but chance);
- ``split A/B/C``: the reports cut into parts, each ingested by its own run
  (halves in order; thirds, last third first; five shuffled parts);
- ``kill at K``: one run killed with SIGKILL once K articles are stored,
  then the same command run again to the end.

For each store it prints ``story moved``: articles whose story (as a set of
articles) is not the reference's; ``entity moved``: mentions whose entity (as
a set of mentions) is not; ``name changed``: mentions whose entity has
another canonical name; ``judgement diff``: active judgements in one store
and not the other (each side named by the mentions of its entity).

    python bench/order_independence.py -n 600
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from newsgraph.store import schema
from newsgraph.store.database import create_store_engine

ECB_DEV = Path("/work/shared/data/eval/ecbplus/dev.jsonl")
MentionKey = tuple[str, int, int]


def reports(path: Path, count: int) -> list[dict]:
    """The first ``count`` reports of ``path`` as records ``ingest`` reads."""
    records = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if len(records) == count:
                break
            report = json.loads(line)
            records.append(
                {
                    "published": report["published"],
                    "text": report["text"],
                    "title": report.get("title"),
                    "url": report.get("url"),
                    "outlet": report.get("outlet") or report.get("source"),
                }
            )
    return records


def write_part(folder: Path, name: str, records: list[dict]) -> Path:
    path = folder / f"{name}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def ingest_command(db: str, path: Path) -> list[str]:
    return [sys.executable, "-m", "newsgraph", "--db", db, "ingest", str(path), "--json"]


def run_ingest(db: str, path: Path) -> None:
    subprocess.run(ingest_command(db, path), check=True, stdout=subprocess.DEVNULL, env=os.environ.copy())


def stored_articles(db: str) -> int:
    engine = create_store_engine(db)
    try:
        with engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(schema.article)) or 0
    except Exception:
        return 0
    finally:
        engine.dispose()


def ingest_killed_at(db: str, path: Path, stored: int) -> None:
    """Run the ingest, SIGKILL it once ``stored`` articles are in the store,
    then run it again to the end."""
    process = subprocess.Popen(ingest_command(db, path), stdout=subprocess.DEVNULL, env=os.environ.copy())
    while process.poll() is None and stored_articles(db) < stored:
        time.sleep(0.2)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
        process.wait()
    else:
        print(f"  (the run ended before {stored} articles were stored)", file=sys.stderr)
    run_ingest(db, path)


@dataclass
class Snapshot:
    """What resolution made of a store, in terms that do not depend on ids."""

    story_of: dict[str, frozenset[str]]  # article id -> the articles of its story
    entity_of: dict[MentionKey, frozenset[MentionKey]]  # mention -> the mentions of its entity
    name_of: dict[MentionKey, str]  # mention -> its entity's canonical name
    judgements: set[tuple[str, frozenset[MentionKey], frozenset[MentionKey]]]
    articles: int
    text_of: dict[MentionKey, str]  # mention -> its text


def snapshot(db: str) -> Snapshot:
    engine = create_store_engine(db)
    with engine.connect() as connection:
        members: dict[int, set[str]] = defaultdict(set)
        for article_id, story_id in connection.execute(
            select(schema.article_story.c.article_id, schema.article_story.c.story_id)
        ):
            members[story_id].add(article_id)
        story_of = {a: frozenset(group) for group in members.values() for a in group}

        canonical = dict(
            connection.execute(
                select(schema.entity_canonical.c.entity_id, schema.entity_canonical.c.canonical_id)
            ).all()
        )
        names = dict(connection.execute(select(schema.entity.c.id, schema.entity.c.canonical_name)).all())
        M, L = schema.mention, schema.mention_link
        linked = connection.execute(
            select(M.c.article_id, M.c.start, M.c.end, L.c.entity_id, M.c.text).join(L, L.c.mention_id == M.c.id)
        ).all()
        text_of = {(a, start, end): text for a, start, end, _, text in linked}
        by_entity: dict[int, set[MentionKey]] = defaultdict(set)
        by_canonical: dict[int, set[MentionKey]] = defaultdict(set)
        for article_id, start, end, entity_id, _ in linked:
            by_entity[entity_id].add((article_id, start, end))
            by_canonical[canonical.get(entity_id, entity_id)].add((article_id, start, end))
        entity_of = {m: frozenset(group) for group in by_canonical.values() for m in group}
        name_of = {m: names[cid] for cid, group in by_canonical.items() for m in group}

        J = schema.judgement
        judgements = set()
        for left, right, verdict in connection.execute(
            select(J.c.left_entity_id, J.c.right_entity_id, J.c.verdict).where(J.c.deleted_at.is_(None))
        ):
            sides = sorted((frozenset(by_entity.get(left, ())), frozenset(by_entity.get(right, ()))), key=sorted)
            judgements.add((verdict, sides[0], sides[1]))
        articles = connection.scalar(select(func.count()).select_from(schema.article)) or 0
    engine.dispose()
    return Snapshot(story_of, entity_of, name_of, judgements, articles, text_of)


def compare(reference: Snapshot, other: Snapshot) -> dict[str, int]:
    articles = reference.story_of.keys() | other.story_of.keys()
    mentions = reference.entity_of.keys() | other.entity_of.keys()
    return {
        "articles": other.articles,
        "stories": len({frozenset(s) for s in other.story_of.values()}),
        "story moved": sum(reference.story_of.get(a) != other.story_of.get(a) for a in articles),
        "entity moved": sum(reference.entity_of.get(m) != other.entity_of.get(m) for m in mentions),
        "name changed": sum(reference.name_of.get(m) != other.name_of.get(m) for m in mentions),
        "judgement diff": len(reference.judgements ^ other.judgements),
    }


def differences(reference: Snapshot, other: Snapshot, count: int) -> list[str]:
    """A few of the differences, readable: a moved article's two stories
    (sizes) and a mention's two canonical names."""
    lines = []
    for article in sorted(reference.story_of.keys() | other.story_of.keys()):
        before, after = reference.story_of.get(article, frozenset()), other.story_of.get(article, frozenset())
        if before != after and len(lines) < count:
            lines.append(
                f"article {article[:10]}: story of {len(before)} -> of {len(after)} ({len(before & after)} shared)"
            )
    renamed: set[tuple[str, str]] = set()
    for mention in sorted(reference.name_of.keys() | other.name_of.keys()):
        names = (reference.name_of.get(mention, "-"), other.name_of.get(mention, "-"))
        if names[0] != names[1] and names not in renamed and len(renamed) < count:
            renamed.add(names)
            lines.append(f"entity named {names[0]!r} -> {names[1]!r}")
    texts = reference.text_of | other.text_of
    for side, found in (
        ("only in one run", reference.judgements - other.judgements),
        ("only here", other.judgements - reference.judgements),
    ):
        for verdict, left, right in sorted(found, key=lambda j: (j[0], sorted(j[1]), sorted(j[2])))[:count]:
            named = [sorted({texts.get(m, "?") for m in mentions})[:3] for mentions in (left, right)]
            lines.append(f"judgement {side}: {verdict} {named[0]} ~ {named[1]}")
    return lines


def splits(records: list[dict], seed: int) -> dict[str, list[list[dict]]]:
    n = len(records)
    shuffled = records[:]
    random.Random(seed).shuffle(shuffled)
    return {
        "split A (halves)": [records[: n // 2], records[n // 2 :]],
        "split B (thirds, last first)": [records[2 * n // 3 :], records[: n // 3], records[n // 3 : 2 * n // 3]],
        "split C (5 shuffled parts)": [shuffled[i * n // 5 : (i + 1) * n // 5] for i in range(5)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--reports", type=int, default=600, help="how many reports (first N of the file)")
    parser.add_argument("--input", type=Path, default=ECB_DEV, help="JSON Lines reports (ECB+ dev by default)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the table as JSON")
    parser.add_argument("--examples", type=int, default=0, help="print this many differences of each kind per run")
    parser.add_argument("--only", nargs="*", default=(), help="only these runs (A B C kill), besides the reference")
    args = parser.parse_args()
    records = reports(args.input, args.reports)
    n = len(records)
    results: dict[str, dict[str, int]] = {}
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        whole = write_part(folder, "all", records)

        def store(name: str) -> str:
            return f"sqlite:///{folder / re.sub(r'[^a-z0-9]+', '-', name.lower())}.db"

        started = time.perf_counter()
        reference_db = store("one run")
        run_ingest(reference_db, whole)
        timings["one run"] = time.perf_counter() - started
        reference = snapshot(reference_db)
        results["one run"] = compare(reference, reference)
        if not args.only:  # the noise floor: should be all 0
            started = time.perf_counter()
            again_db = store("one run again")
            run_ingest(again_db, whole)
            timings["one run again"] = time.perf_counter() - started
            results["one run again"] = compare(reference, snapshot(again_db))
        for name, parts in splits(records, args.seed).items():
            if args.only and name.split()[1] not in args.only:
                continue
            started = time.perf_counter()
            db = store(name)
            for index, part in enumerate(parts):
                run_ingest(db, write_part(folder, f"{name.split()[1]}{index}", part))
            timings[name] = time.perf_counter() - started
            results[name] = compare(reference, other := snapshot(db))
            for line in differences(reference, other, args.examples):
                print(f"  {name}: {line}", file=sys.stderr)
        for point in (n // 4, n // 2, 3 * n // 4) if not args.only or "kill" in args.only else ():
            name = f"kill at {point}"
            started = time.perf_counter()
            db = store(name)
            ingest_killed_at(db, whole, point)
            timings[name] = time.perf_counter() - started
            results[name] = compare(reference, other := snapshot(db))
            for line in differences(reference, other, args.examples):
                print(f"  {name}: {line}", file=sys.stderr)
    if args.json:
        print(json.dumps({"reports": n, "results": results, "seconds": timings}, indent=1))
        return
    columns = list(results["one run"])
    print(f"{n} reports from {args.input}")
    print(f"{'':30}" + "".join(f"{c:>16}" for c in columns) + f"{'seconds':>10}")
    for name, row in results.items():
        print(f"{name:30}" + "".join(f"{row[c]:>16}" for c in columns) + f"{timings[name]:>10.1f}")


if __name__ == "__main__":
    main()
