"""The state a change is compared with: before instances matched to after ones, loaded on demand."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from linter.errors import LintError
from linter.model.discovery import InstanceSpec
from linter.model.instance import Instance
from linter.model.loading import Reader, known_instance_name, load_instance, read_from_disk
from linter.model.names import settle_names
from linter.record import Record


class Snapshot(Record):
    """A set of instances and where their files are read from (the disk, a git revision, the index)."""

    __slots__ = ("specs", "read", "notices", "root", "opaque")

    def __init__(
        self,
        specs: list[InstanceSpec],
        read: Reader = read_from_disk,
        notices: tuple[str, ...] = (),
        root: str | None = None,
        opaque: Mapping[str, LintError] | None = None,
    ) -> None:
        self.specs = specs
        self.read = read
        self.notices = notices  # what discovery left out and says so (links outside the tree)
        # The folder instance directories are compared below (--before DIR against the checked path);
        # None: the working directory, which both sides of --base and --staged share.
        self.root = root
        # place (see place_key) -> why nothing below it can be read: a link or submodule in a revision.
        self.opaque = opaque


class Previous(Record):
    """An instance's before state: loaded, or the errors that kept it from loading, or absent (added)."""

    __slots__ = ("name", "instance", "errors")

    def __init__(self, name: str | None, instance: Instance | None, errors: list[LintError]) -> None:
        self.name = name  # the before instance's name; None when there is none (the instance was added)
        self.instance = instance
        self.errors = errors


def place_key(directory: str, root: str | None) -> str:
    """Where an instance lives, as both states can compare it: its directory relative to ``root``."""
    return os.path.relpath(os.path.abspath(directory), os.path.abspath(root or os.curdir))


class BeforeState:
    """The before state, loaded one instance at a time when its after state asks for it, so a fleet's
    two states are never all in memory at once.

    Instances are matched by name, and an after instance whose name has no match by its directory:
    renaming an instance (or a sibling's arrival or removal renaming it) must not make it "added".
    When exactly one instance is gone and one is new, they are the same one, renamed with its folder.
    """

    def __init__(
        self,
        snapshot: Snapshot | None,
        max_bytes: int,
        after_names: frozenset[str] = frozenset(),
        after_root: str | None = None,
        after_places: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.snapshot = snapshot
        self.max_bytes = max_bytes
        self.specs: dict[str, InstanceSpec] = {}
        # place -> name of the before instance there; only for a name no after instance holds (a
        # moved instance is matched by its name, and its old folder's newcomer is then added).
        self.places: dict[str, str] = {}
        self.after_root = after_root
        self.renamed: dict[str, str] = {}
        if snapshot is None:
            return
        # Named as the after state is (see settle_names), so a clash matches itself, not its twin.
        known = [known_instance_name(spec, max_bytes, snapshot.read) for spec in snapshot.specs]
        settled = settle_names(snapshot.specs, max_bytes, snapshot.read, known)[0]
        for (name, spec), stated in zip(settled, known, strict=True):
            self.specs[name] = spec
            if name not in after_names or stated is None:
                self.places[place_key(spec.directory, snapshot.root)] = name
        self.renamed = self._renamed(after_places)

    def _renamed(self, after_places: tuple[tuple[str, str], ...]) -> dict[str, str]:
        """One instance gone and one new, matched neither by name nor by folder: the same instance
        renamed with its folder (``git mv production prod-eu``), whose change must be judged, not
        passed as a removal plus an addition. Several of each cannot be told apart: none is paired."""
        matched: set[str] = set()
        new: list[str] = []
        for name, directory in after_places:
            found = name if name in self.specs else self.places.get(place_key(directory, self.after_root))
            if found is None:
                new.append(name)
            else:
                matched.add(found)
        gone = [name for name in self.specs if name not in matched]
        return {new[0]: gone[0]} if len(new) == 1 and len(gone) == 1 else {}

    def match(self, name: str, directory: str) -> str | None:
        """The name of the before instance that the after instance ``name`` in ``directory`` was."""
        if self.snapshot is None:
            return None
        if name in self.specs:
            return name
        return self.places.get(place_key(directory, self.after_root)) or self.renamed.get(name)

    def hidden(self, directory: str) -> LintError | None:
        """Why ``directory`` (or a folder above it) could not be looked into in the before state."""
        if self.snapshot is None or not self.snapshot.opaque:
            return None
        place = place_key(directory, self.after_root)
        while place and place not in self.snapshot.opaque:
            place = os.path.dirname(place)
        return self.snapshot.opaque.get(place) if place else None

    def load(self, name: str, directory: str | None = None) -> Previous:
        """The before state of the instance called ``name`` (in ``directory``)."""
        matched = name if directory is None else self.match(name, directory)
        spec = self.specs.get(matched) if matched is not None else None
        if spec is None or matched is None or self.snapshot is None:
            # Not "added" when its folder was a link or a submodule before: that cannot be read.
            hidden = self.hidden(directory) if directory is not None else None
            return Previous(None, None, [hidden] if hidden is not None else [])
        instance, errors = load_instance(spec, self.max_bytes, self.snapshot.read)
        if errors:
            # A half-read before state is no state to compare with: its change rules are not evaluated,
            # and an instance that cannot be told apart from "removed" is not reported as removed.
            instance = None
        return Previous(matched, instance, errors)


def change_env_type(instance: Instance, before: Instance) -> tuple[str | None, str | None]:
    """The environment type change rules judge a change by, and how it is known.

    Production on either side is production: until the change deploys, the data in Commerce Services
    belongs to the running production instance, whatever the after state says it becomes.
    """
    if instance.env_type != "production" and before.env_type == "production":
        return "production", f"production before this change ({before.env_type_source or 'not known'})"
    if not instance.env_type_known and before.env_type_known:
        return before.env_type, f"{before.env_type} before this change ({before.env_type_source})"
    return instance.env_type, instance.env_type_source


@contextmanager
def judged_as(instance: Instance, env_type: str | None, source: str | None) -> Iterator[None]:
    """``instance`` with another environment type while change rules run (instance rules keep its own)."""
    kept = instance.env_type, instance.env_type_source
    instance.env_type, instance.env_type_source = env_type, source
    try:
        yield
    finally:
        instance.env_type, instance.env_type_source = kept
