"""Build the resolution and story gold files from the corpora and the hand
labels in ``labels.yaml`` (see README.md). Mention spans come from the
extractor; cluster labels come only from the hand labels and these fixed
annotation rules, never from newsgraph's resolver:

- a name listed under ``clusters`` gets that cluster (spelling variants are
  listed together);
- a country name or demonym is ``country:<ISO alpha-3>``; a capital is its
  country unless listed under ``locations`` for that article (then
  ``place:<name>``);
- one word that is the surname or given name of exactly one full name in the
  article gets that person's cluster; otherwise it must be listed under
  ``mentions`` (article key -> {"text@n": cluster}, n-th occurrence from 0);
- anything else is its own name: ``name:<normalised>``.

Run: /work/venv/bin/python gold/build_gold.py
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from importlib import resources
from pathlib import Path

import yaml

from newsgraph.extract.extractor import Extractor
from newsgraph.ingest import read_source
from newsgraph.model import normalise_name
from newsgraph.resolve.gazetteer import lookup

GOLD = Path(__file__).parent
TYPES = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}


def demo_articles() -> list[tuple[dict, object]]:
    demo = Path(str(resources.files("newsgraph") / "demo"))
    manifest = json.loads((demo / "MANIFEST.json").read_text(encoding="utf-8"))
    wanted = {(a["file"], a["position"]): a for a in manifest["articles"]}
    found = []
    for entry in sorted({a["file"] for a in manifest["articles"]}):
        for item in read_source(str(demo / entry)):
            key = (entry, getattr(item, "position", None))
            if key in wanted and hasattr(item, "text"):
                meta = wanted[key]
                name = f"{entry}#{meta['position']}" if meta["position"] else entry
                found.append(({"key": name, "story": meta["story"]}, item))
    return found


def heldout_articles() -> list[tuple[dict, object]]:
    path = GOLD / "corpus" / "heldout.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    items = [i for i in read_source(str(path)) if hasattr(i, "text")]
    return [({"key": r["key"], "story": r["story"]}, item) for r, item in zip(rows, items, strict=True)]


def label(article_key, mentions, labels) -> list[str]:
    clusters = {normalise_name(n): c for c, names in labels.get("clusters", {}).items() for n in names}
    overrides = labels.get("mentions", {}).get(article_key, {})
    locations = set(labels.get("locations", {}).get(article_key, []))
    full = [m for m in mentions if m.type == "PERSON" and len(normalise_name(m.text).split()) >= 2]
    seen: dict[str, int] = defaultdict(int)
    result = []
    for m in mentions:
        occurrence = seen[m.text]
        seen[m.text] += 1
        key = normalise_name(m.text)
        override = overrides.get(f"{m.text}@{occurrence}")
        place = lookup(m.text)
        if override:
            result.append(override)
        elif key in clusters:
            result.append(clusters[key])
        elif (place is not None and place.kind in ("country", "alias", "demonym") and place.country) or (
            place is not None
            and place.kind == "capital"
            and not {m.text, f"{m.text}@{occurrence}"} & locations
            and place.country
        ):
            result.append(f"country:{place.country}")
        elif place is not None:
            result.append(f"place:{key}")
        elif len(key.split()) == 1 and m.type in ("PERSON", "ORG"):
            people = {normalise_name(p.text) for p in full if key in normalise_name(p.text).split()}
            if len(people) == 1:
                person = people.pop()
                result.append(clusters.get(person, f"name:{person}"))
            elif len(people) > 1:
                print(f"NEEDS LABEL {article_key}: {m.text}@{occurrence} among {sorted(people)}", file=sys.stderr)
                result.append(f"name:{key}")
            else:
                result.append(f"name:{key}")
        else:
            result.append(f"name:{key}")
    return result


def main() -> None:
    labels = yaml.safe_load((GOLD / "labels.yaml").read_text(encoding="utf-8"))
    extractor = Extractor("en_core_web_sm")
    for split, articles in (("train", demo_articles()), ("test", heldout_articles())):
        extractions = list(extractor.extract_many([a for _, a in articles]))
        with (
            (GOLD / "resolution" / f"{split}.jsonl").open("w", encoding="utf-8") as res,
            (GOLD / "stories" / f"{split}.jsonl").open("w", encoding="utf-8") as sto,
        ):
            for (meta, article), extraction in zip(articles, extractions, strict=True):
                record = {
                    "key": meta["key"],
                    "outlet": article.outlet,
                    "published": article.published.isoformat(),
                    "title": article.title,
                    "url": article.url,
                    "text": article.text,
                    "story": meta["story"],
                }
                sto.write(json.dumps(record, ensure_ascii=False) + "\n")
                mentions = [m for m in extraction.mentions if m.type in TYPES]
                clusters = label(meta["key"], mentions, labels)
                record["mentions"] = [
                    {"start": m.start, "end": m.end, "text": m.text, "cluster": c}
                    for m, c in zip(mentions, clusters, strict=True)
                ]
                res.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
