"""What one run of the pipeline did."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from newsgraph.model import Rejected


@dataclass
class IngestReport:
    """What one ingest run did."""

    files: int = 0
    read: int = 0
    stored: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
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
            "words": self.words,
        }


ProgressCallback = Callable[[str, IngestReport], None]
