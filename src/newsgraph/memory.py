"""Keeping long-lived data out of the garbage collector's way.

The spaCy pipeline, the knowledge tables and the gazetteer are loaded once
and live as long as the process. Python's cyclic garbage collector would
still walk all of their objects at every full collection, and a long ingest
triggers many. ``freeze_loaded`` moves everything alive after such a load
into the collector's permanent generation (``gc.freeze``), so collections
only walk what the run itself creates. Objects that later lose their last
reference are still freed by reference counting.
"""

from __future__ import annotations

import gc


def freeze_loaded() -> None:
    """Collect what loading left behind, then exempt the rest from later collections."""
    gc.collect()
    gc.freeze()
