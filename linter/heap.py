"""Garbage-collector settings for a run: the engine's helper, and the only module that calls gc.

Three policies, each where it pays (the engine applies them; nothing else touches the collector):
``collector_paused`` while one instance is parsed and checked, ``fleet_heap`` for a whole run, and
``spare_final_collection`` when the command-line process is about to exit.

CPython's cyclic collector rescans every live container object on each full collection. A fleet run
holds objects that live for the whole run (the rules, the discovered instances, the findings so far),
and that set grows with the fleet, so unchecked it makes each instance's check slower the larger the
fleet is. Freezing them moves them out of the collector's sight; a forked worker inherits that and
does not rescan its parent's heap either (the approach the ``gc.freeze`` documentation describes).
Instances break their own reference cycles once checked (``Instance.release``), so collecting less
often does not let garbage pile up.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Young-generation threshold: parsing one instance allocates tens of thousands of short-lived
# containers; at CPython's default (700) that is dozens of collections per instance.
YOUNG_THRESHOLD = 20_000


class FleetHeap:
    """Freezes what the run keeps; does nothing when someone else already manages frozen objects."""

    def __init__(self, owns_freezing: bool) -> None:
        self.owns_freezing = owns_freezing

    def keep_long_lived(self) -> None:
        """Freeze what exists now: call after adding to results that live until the run ends."""
        if self.owns_freezing:
            gc.collect(1)  # young garbage is collected, not frozen
            gc.freeze()


_open_blocks = 0  # fleet_heap blocks open in this process that manage freezing
# What was frozen before any of our blocks: on Python 3.12 the interpreter itself starts with a few
# hundred objects in the permanent generation, which must not read as an embedding program's.
_FROZEN_AT_START = gc.get_freeze_count()


@contextmanager
def fleet_heap() -> Iterator[FleetHeap]:
    """Freeze what exists now and collect less often until the block ends; then restore both.

    Blocks nest: the outermost one unfreezes. If objects were already frozen by someone else (an
    embedding program), freezing is left to its owner: unfreezing would unfreeze theirs too.
    """
    global _open_blocks
    threshold = gc.get_threshold()
    heap = FleetHeap(owns_freezing=_open_blocks > 0 or gc.get_freeze_count() <= _FROZEN_AT_START)
    try:
        gc.set_threshold(YOUNG_THRESHOLD, threshold[1], threshold[2])
        if heap.owns_freezing:
            _open_blocks += 1
            gc.freeze()
        yield heap
    finally:
        gc.set_threshold(*threshold)
        if heap.owns_freezing:
            _open_blocks -= 1
            if _open_blocks == 0:
                gc.unfreeze()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Keep the cyclic garbage collector off while the block runs (one instance is parsed and checked).

    A parser allocates containers by the million and frees none of them until it is done, so every
    collection rescans a heap that only grows: a 15 MiB YAML dump took 13 s to compose with the
    collector on, 2 s with it off. Parsed data holds no reference cycles; nothing waits for it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def spare_final_collection() -> None:
    """Freeze every object: the interpreter's last collection at exit then has nothing to walk.

    Only for a process about to end (about 4% of a one-file pre-commit run, 35 M instructions):
    what is frozen is still freed, only not searched for cycles.
    """
    gc.freeze()
