"""Commands about resolution: decisions between two entities (``entity
why|merge|split``), resolving what is not resolved yet, stories, conflicting
claims and screening a watchlist."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from newsgraph.cli import _util
from newsgraph.cli._util import JsonFlag, LimitOption, OffsetOption, console, print_json, print_more
from newsgraph.cli.render import print_conflicts, print_explanation, print_screen, print_stories, print_story
from newsgraph.model import NewsgraphError


def entity_decision(verb: str, left: str, right: str, entity_type: str | None, note: str | None, as_json: bool) -> None:
    """`entity why|merge|split A B`: explain, or record a person's judgement."""
    from newsgraph.pipeline.resolution import record_decision
    from newsgraph.query.lookup import entity_reference
    from newsgraph.query.resolution import explain_pair

    engine = _util.engine()
    a, b = entity_reference(engine, left, entity_type), entity_reference(engine, right, entity_type)
    if verb in ("merge", "split"):
        record_decision(engine, a, b, "positive" if verb == "merge" else "negative", note)
    explanation = explain_pair(engine, a, b)
    if as_json:
        print_json([explanation])
        return
    print_explanation(explanation)


def resolve(as_json: JsonFlag = False) -> None:
    """Resolve stored articles that have not been resolved yet (ingest does
    this as it goes; use this after loading articles another way).
    Example: newsgraph resolve
    """
    from newsgraph.pipeline.resolution import resolve_unresolved

    done = resolve_unresolved(_util.engine())
    if as_json:
        print_json([{"resolved": done}])
    else:
        console.print(f"resolved {done} article(s)")


def stories(
    min_articles: Annotated[int, typer.Option("--min-articles", min=1, help="Smallest story shown.")] = 2,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    as_json: JsonFlag = False,
) -> None:
    """Stories (articles about the same happening), latest first, with their
    first report and outlets. Example: newsgraph stories --min-articles 3
    """
    from newsgraph.query.resolution import list_stories

    rows = list_stories(_util.engine(), min_articles=min_articles, limit=limit + 1, offset=offset)
    more, rows = len(rows) > limit, rows[:limit]
    if as_json:
        print_json(rows)
        return
    print_stories(rows)
    print_more(rows, limit, more)


def story(
    story_id: Annotated[int, typer.Argument(help="Story id (see newsgraph stories).")],
    as_json: JsonFlag = False,
) -> None:
    """A story: its first report, its articles by publication date and the
    claims they disagree on. Example: newsgraph story 3
    """
    from newsgraph.query.lookup import story as find_story
    from newsgraph.query.resolution import story_conflicts

    engine = _util.engine()
    summary, members = find_story(engine, story_id)
    conflicts = story_conflicts(engine, story_id)
    if as_json:
        print_json(
            [
                summary.to_json()
                | {"articles": [m.to_json() for m in members], "conflicts": [c.to_json() for c in conflicts]}
            ]
        )
        return
    print_story(summary, members, conflicts)


def conflicts(
    story_id: Annotated[int | None, typer.Argument(help="Story id; all stories when left out.")] = None,
    limit: LimitOption = 100,
    offset: OffsetOption = 0,
    as_json: JsonFlag = False,
) -> None:
    """Claims that differ across the articles of a story (a person's name or
    title, an event's date or place, a figure), each version with its outlet
    and evidence. Example: newsgraph conflicts 3
    """
    from rich.text import Text

    from newsgraph.query.resolution import Conflict, list_stories, story_conflicts

    engine = _util.engine()
    ids = [story_id] if story_id is not None else [s.id for s in list_stories(engine, limit=10_000)]
    # conflicts in story order, then the order each story gives them; the
    # page of --offset/--limit is cut from that list
    wanted = offset + limit + 1
    listed: list[tuple[int, Conflict]] = []
    for current in ids:
        listed += [(current, c) for c in story_conflicts(engine, current)]
        if len(listed) >= wanted:
            break
    page = listed[offset : offset + limit]
    if as_json:
        print_json([{"story": current} | c.to_json() for current, c in page])
        return
    for current in dict.fromkeys(current for current, _ in page):
        console.print(Text(f"story {current}", style="bold underline"))
        print_conflicts([c for story, c in page if story == current])
    print_more(page, limit, len(listed) > offset + limit)


def screen(
    path: Annotated[Path, typer.Argument(help="CSV with a 'name' column (optional 'type': PERSON/ORG).", exists=True)],
    threshold: Annotated[float, typer.Option("--threshold", min=0, max=100, help="Fuzzy match score 0-100.")] = 85.0,
    as_json: JsonFlag = False,
) -> None:
    """Screen a watchlist of people and companies against resolved entities;
    prints each hit with its score and evidence. Example: newsgraph screen watchlist.csv
    """
    import csv

    from newsgraph.query.resolution import screen as run

    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not rows or "name" not in rows[0]:
        raise NewsgraphError(f"{path}: no 'name' column")
    hits = run(_util.engine(), [(r["name"].strip(), (r.get("type") or "").strip() or None) for r in rows], threshold)
    if as_json:
        print_json(hits)
        return
    print_screen(hits)
