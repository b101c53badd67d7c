"""newsgraph: dated news articles into an evidence-backed knowledge graph."""

__version__ = "0.1.0"
