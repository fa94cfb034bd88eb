"""The garbage-collector settings of a fleet run are undone when it ends."""

from __future__ import annotations

import gc

from linter.engine import run
from linter.heap import YOUNG_THRESHOLD, fleet_heap
from linter.model.discovery import discover
from tests.conftest import EXAMPLES


def test_fleet_heap_freezes_and_collects_less_often_only_inside_the_block() -> None:
    threshold = gc.get_threshold()
    with fleet_heap():
        assert gc.get_threshold()[0] == YOUNG_THRESHOLD
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == threshold
    assert gc.get_freeze_count() == 0


def test_nested_blocks_unfreeze_only_at_the_outermost() -> None:
    with fleet_heap():
        with fleet_heap() as inner:
            inner.keep_long_lived()
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_objects_frozen_by_someone_else_stay_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with fleet_heap() as heap:
            heap.keep_long_lived()
            assert gc.get_freeze_count() == frozen
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_a_run_leaves_the_collector_as_it_found_it() -> None:
    threshold = gc.get_threshold()
    result = run(discover([str(EXAMPLES / "fleet")]), [])
    assert len(result.instances) == 3
    assert gc.get_threshold() == threshold
    assert gc.get_freeze_count() == 0
