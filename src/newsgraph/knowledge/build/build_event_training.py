"""Generate ``knowledge/plover/training.tsv``: the sentences the event-type
model (``extract/event_model.py``) learns from.

Every sentence is ours: the frames in ``event_frames.txt`` beside this file
were written for newsgraph (none is taken or paraphrased from PLV, CAMEO or the
PLOVER manual), and the actors filling them below are invented or generic.
Each frame is filled ``FILLS`` times with a seeded random choice of actors,
so the output is the same on every run; re-run after changing a frame:

    python src/newsgraph/knowledge/build/build_event_training.py

then rebuild the model (``python -m newsgraph.extract.event_model_train``).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
FRAMES = HERE / "event_frames.txt"
OUTPUT = HERE.parent / "plover" / "training.tsv"
FILLS = 2
SEED = 17


def read_pools(path: Path = FRAMES) -> dict[str, tuple[str, ...]]:
    """The pools of actors by kind (lines ``POOL <TAB> kind <TAB> a; b; ...``)."""
    pools = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("POOL\t"):
            _, kind, names = line.split("\t")
            pools[kind] = tuple(name.strip() for name in names.split(";"))
    return pools


TIMES = ("", "", "on Monday", "on Tuesday", "late on Wednesday", "on Thursday", "last week", "on Saturday")
SLOT = re.compile(r"\{([STX]):([A-Z])\}|\{(D|S2)\}")
PRONOUNS = {"L": "he", "J": "he", "P": "they", "G": "they"}
HEADER = (
    "# Training sentences of newsgraph's PLOVER event-type model, written by us\n"
    "# (generated from knowledge/build/event_frames.txt by build_event_training.py;\n"
    "# no sentence comes from PLV, CAMEO or the PLOVER manual). Columns: the\n"
    "# sentence, the source and target as written in it (first occurrence), the\n"
    "# PLOVER type (NONE: no event between them) and mode (empty when none).\n"
)


def read_frames(path: Path = FRAMES) -> list[tuple[str, str, str]]:
    """(type, mode, frame) for each frame line."""
    frames = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith(("#", "POOL\t")):
            etype, mode, frame = line.split("\t")
            frames.append((etype, "" if mode == "-" else mode, frame))
    return frames


def fill(frame: str, pools: dict[str, tuple[str, ...]], rng: random.Random) -> tuple[str, str, str]:
    """The frame with its slots filled: (sentence, source, target)."""
    chosen: dict[str, str] = {}
    kinds: dict[str, str] = {}

    def slot(match: re.Match[str]) -> str:
        if match.group(3) == "D":
            return rng.choice(TIMES)
        if match.group(3) == "S2":
            return PRONOUNS.get(kinds["S"], "it")
        role, kind = match.group(1), match.group(2)
        used = set(chosen.values())
        value = rng.choice([a for a in pools[kind] if a not in used])
        chosen[role], kinds[role] = value, kind
        return value

    sentence = re.sub(r"\s+([,.])", r"\1", re.sub(r" +", " ", SLOT.sub(slot, frame))).strip()
    sentence = sentence[0].upper() + sentence[1:]
    source, target = (_as_written(chosen[role], sentence) for role in ("S", "T"))
    return sentence, source, target


def _as_written(party: str, sentence: str) -> str:
    """The party as the sentence writes it (capitalised when it opens it)."""
    return party if party in sentence else party[0].upper() + party[1:]


def build() -> list[tuple[str, str, str, str, str]]:
    rng = random.Random(SEED)
    pools = read_pools()
    rows = []
    for etype, mode, frame in read_frames():
        for _ in range(FILLS):
            sentence, source, target = fill(frame, pools, rng)
            rows.append((sentence, source, target, etype, mode))
    return rows


def main() -> None:
    lines = ["\t".join(row) for row in build()]
    OUTPUT.write_text(HEADER + "sentence\tsource\ttarget\ttype\tmode\n" + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} sentences to {OUTPUT}")


if __name__ == "__main__":
    main()
