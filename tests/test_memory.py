"""Long-lived data is kept out of the garbage collector's way."""

from __future__ import annotations

import gc

from newsgraph.memory import freeze_loaded


def test_what_is_alive_after_a_load_is_exempt_from_later_collections() -> None:
    loaded = [{"name": str(i)} for i in range(1000)]  # stands for a knowledge table
    gc.unfreeze()
    before = gc.get_freeze_count()
    freeze_loaded()
    assert gc.get_freeze_count() >= before + len(loaded)
    assert not any(gc.is_tracked(table) and table in gc.get_objects(generation=2) for table in loaded[:5])


def test_building_the_pipeline_freezes_what_it_loaded() -> None:
    from newsgraph.extract.pipeline import build_pipeline

    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    build_pipeline("en_core_web_sm")
    assert gc.get_freeze_count() > 100_000  # the vocabulary, the model and the knowledge tables
