"""What one run of the pipeline did."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from newsgraph.model import Rejected

LISTED_REJECTIONS = 1000


class RejectionList(list[Rejected]):
    """The first ``limit`` rejections of a run, and how many there were in
    all (``total``): a file of millions of bad records must not fill memory;
    the store holds them all (``newsgraph rejected``)."""

    def __init__(self, limit: int = LISTED_REJECTIONS) -> None:
        super().__init__()
        self.limit = limit
        self.total = 0

    def __iadd__(self, rejections: Iterable[Rejected]) -> RejectionList:  # type: ignore[override]
        for rejection in rejections:
            self.append(rejection)
        return self

    def append(self, rejection: Rejected) -> None:
        self.total += 1
        if len(self) < self.limit:
            super().append(rejection)


@dataclass
class IngestReport:
    """What one ingest run did."""

    files: int = 0
    read: int = 0
    stored: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    rejected: RejectionList = field(default_factory=RejectionList)
    words: int = 0
    # CPU seconds of the resolver process, when resolution ran in one (not in to_json: a measurement)
    resolver_cpu_s: float = 0.0

    def to_json(self) -> dict[str, object]:
        return {
            "files": self.files,
            "articles_read": self.read,
            "stored": len(self.stored),
            "already_present": len(self.present),
            "rejected": [{"input": r.input_name, "position": r.position, "reason": r.reason} for r in self.rejected],
            "rejected_total": self.rejected.total,
            "words": self.words,
        }


ProgressCallback = Callable[[str, IngestReport], None]
