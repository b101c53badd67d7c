"""``newsgraph evaluate …``: score the extractor against gold data; each
command calls one scorer of ``newsgraph.evaluate`` and prints its report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from newsgraph.cli import _util
from newsgraph.cli._util import JsonFlag, State, console, print_json


def evaluate_ner(
    path: Annotated[Path, typer.Argument(help="CoNLL-2003 file (token POS chunk NE).", exists=True, dir_okay=False)],
    write_conll: Annotated[
        Path | None, typer.Option("--write-conll", help="Write 'token gold predicted' lines.")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Score only the first N documents.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Score entity extraction on CoNLL-2003 data against bare spaCy, per type
    and micro P/R/F1 (exact span match, as conlleval).
    Example: newsgraph evaluate ner ../shared/data/eval/conll2003/dev.txt
    """
    from newsgraph.evaluate.conll import evaluate_ner as run

    report = run(path, State.settings().spacy_model, write_conll=write_conll, limit=limit)
    if as_json:
        print_json([report.to_json()])
    else:
        report.render(console)


def evaluate_timex(
    paths: Annotated[list[Path], typer.Argument(help="TimeML .tml files or folders of them.")],
    write_tml: Annotated[
        Path | None, typer.Option("--write-tml", help="Folder to write our TimeML annotations to.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Score temporal expressions on TimeML documents with the TempEval-3
    measures (strict/relaxed extent, value and type F1).
    Example: newsgraph evaluate timex ../shared/data/eval/timeml/aquaint
    """
    from newsgraph.evaluate.timeml import evaluate_timex as run

    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.rglob("*.tml")) if path.is_dir() else [path])
    report = run(files, _util.extractor(), write_tml=write_tml)
    if as_json:
        print_json([report.to_json()])
    else:
        report.render(console)


def evaluate_events(
    path: Annotated[Path, typer.Argument(help="Event gold file (JSON Lines, see gold/events/README.md).", exists=True)],
    as_json: JsonFlag = False,
) -> None:
    """Score event extraction against gold: P/R/F1 for event type (matched by
    sentence) and for each role, and modality accuracy.
    Example: newsgraph evaluate events gold/events/test.jsonl
    """
    from newsgraph.evaluate.events import evaluate_events as run

    report = run(path, _util.extractor())
    if as_json:
        print_json([report.to_json()])
    else:
        report.render(console)


EcbStoreOption = Annotated[Path | None, typer.Option("--store", help="ECB+ only: SQLite file built once and reused.")]
ReresolveFlag = Annotated[
    bool, typer.Option("--reresolve", help="ECB+ only: recompute all resolution in --store before scoring.")
]


def evaluate_resolution(
    path: Annotated[
        Path, typer.Argument(help="Resolution gold (gold/resolution/*.jsonl) or an ECB+ folder.", exists=True)
    ],
    store: EcbStoreOption = None,
    reresolve: ReresolveFlag = False,
    as_json: JsonFlag = False,
) -> None:
    """Score entity resolution on a gold file (mention -> cluster) with
    B-cubed and pairwise P/R/F1, or on an ECB+ folder (named mentions: MUC,
    B-cubed, CEAF-e and coverage, development and held-back topics).
    Example: newsgraph evaluate resolution gold/resolution/test.jsonl
    """
    from newsgraph.evaluate import ecbplus
    from newsgraph.evaluate.resolution import evaluate_resolution as run

    if ecbplus.is_ecbplus(path):
        scores = ecbplus.evaluate_ecbplus_entities(path, _util.extractor(), store, reresolve)
        if as_json:
            print_json([s.to_json() for s in scores])
        else:
            ecbplus.render_entities(scores, console)
        return
    report = run(path, _util.extractor())
    if as_json:
        print_json([report])
    else:
        report.render(console)


def evaluate_stories(
    path: Annotated[Path, typer.Argument(help="Story gold (gold/stories/*.jsonl) or an ECB+ folder.", exists=True)],
    store: EcbStoreOption = None,
    reresolve: ReresolveFlag = False,
    as_json: JsonFlag = False,
) -> None:
    """Score story clustering on a gold file with pairwise P/R/F1 and the
    adjusted Rand index, or on an ECB+ folder (B-cubed too, development and
    held-back topics). Example: newsgraph evaluate stories gold/stories/test.jsonl
    """
    from newsgraph.evaluate import ecbplus
    from newsgraph.evaluate.resolution import evaluate_stories as run

    if ecbplus.is_ecbplus(path):
        scores = ecbplus.evaluate_ecbplus_stories(path, _util.extractor(), store, reresolve)
        if as_json:
            print_json([s.to_json() for s in scores])
        else:
            ecbplus.render_stories(scores, console)
        return
    report = run(path, _util.extractor())
    if as_json:
        print_json([report])
    else:
        report.render(console)


def evaluate_plover(
    path: Annotated[Path, typer.Argument(help="PLV TSV file (marked_sentence, gold_root).", exists=True)],
    part: Annotated[str, typer.Option("--part", help="dev, heldback (sentence SHA-1 % 5 == 0) or all.")] = "all",
    as_json: JsonFlag = False,
) -> None:
    """Score PLOVER types on PLV dyads, free (events found alone) and given the
    dyad: macro F1, accuracy, no-event rate, per-type F1, confusions.
    Example: newsgraph evaluate plover ../shared/data/eval/plover/PLV_train.tsv --part dev
    """
    from newsgraph.evaluate.plover import evaluate_plover as run

    report = run(path, _util.extractor(), part=part)
    if as_json:
        print_json([report.to_json()])
    else:
        report.render(console)
