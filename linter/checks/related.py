"""The settings a finding's verdict depends on: their paths, and a related place for each with a note
saying what it is (set here, missing and expected here, or masking a value set below).

A case names them in ``related:`` (path templates, each with an optional ``note`` and ``when``); the
settings its ``at`` lists are related too. Masking follows Magento: the layers merge with
``array_replace_recursive`` and the scopes with Fallback, so an ``''`` or ``null`` above a value
replaces it (domain.md §b; M2 lib/internal/Magento/Framework/App/Config/ConfigSourceAggregated.php,
app/code/Magento/Store/Model/Config/Processor/Fallback.php).
"""

from __future__ import annotations

from typing import Any

from linter.checks.compiling import KeyPath, Names
from linter.checks.conditions import Condition, compile_condition
from linter.checks.context import Context
from linter.checks.display import shown_value
from linter.checks.masking import blank_name, masked_by, where_set
from linter.checks.templates import check_message, fill_message
from linter.formats import Role
from linter.loaders.db_rows import tables_of
from linter.location import Location
from linter.model.database import CONFIG_TABLE
from linter.model.instance import EffectiveValue, Instance
from linter.model.values import is_blank
from linter.record import Record

_SETTINGS_ROLES = (Role.CONFIG, Role.ENV)  # the files a missing key would be written in

# How many files an absence lists as consulted before it says "and N more".
LAYERS_SHOWN = 4


class RelatedRef(Record):
    """A compiled ``related:`` entry: a path template, the state it is read in, its note, its condition."""

    __slots__ = ("path", "state", "note", "when")

    def __init__(self, path: str, state: str | None, note: str | None, when: Condition | None) -> None:
        self.path = path
        self.state = state  # "before" reads the change's before state; None: the instance (after)
        self.note = note  # a message template; None: said from the value (set, missing, masking)
        self.when = when  # named only when this holds (a change rule's `changed: [...]`, say)


def compile_related(entries: Any, names: Names, where: KeyPath) -> tuple[RelatedRef, ...]:
    """Compile a case's ``related:`` list (a path template or ``{path, note, state, when}`` each)."""
    compiled = []
    for index, entry in enumerate(entries or ()):
        at = (*where, str(index))
        if isinstance(entry, str):
            entry = {"path": entry}
        names.check_template(entry["path"], (*at, "path"))
        note = entry.get("note")
        if note is not None:
            check_message(note, names, (*at, "note"))
        when = entry.get("when")
        condition = compile_condition(when, names, (*at, "when")) if when is not None else None
        compiled.append(RelatedRef(entry["path"], entry.get("state"), note, condition))
    return tuple(compiled)


class Involved(Record):
    """One setting a finding names: its scoped path, its related place (with a note), whether it masks."""

    __slots__ = ("path", "place", "masks")

    def __init__(self, path: str, place: Location, masks: bool) -> None:
        self.path = path
        self.place = place
        self.masks = masks  # the place is a blank value hiding one set below: the finding points here


def involved(refs: tuple[RelatedRef, ...], context: Context) -> list[Involved]:
    """The settings ``refs`` name in ``context`` (those whose ``when`` holds), each with its place."""
    found = []
    for ref in refs:
        if ref.when is not None and not ref.when(context):
            continue
        value = context.value(ref.path, ref.state)
        note = fill_message(ref.note, context) if ref.note is not None else None
        found.append(describe(value, note))
    return found


def describe(value: EffectiveValue, note: str | None = None) -> Involved:
    """Where ``value`` is decided, and what that place is to a finding: ``note`` when the rule gives one
    (a masking is said whatever the note)."""
    instance = value.instance
    name = instance.name
    setting = value.setting
    hidden = masked_by(value)
    if setting is not None and hidden is not None:
        place = instance.location_of(setting).replace(instance=name)
        hides = f"the {value.scoped_path} value set {where_set(instance, hidden)}"
        said = f"{blank_name(setting)} here masks {hides}"
        return Involved(value.scoped_path, place.replace(note=_joined(note, said)), True)
    if setting is not None:
        place = instance.location_of(setting).replace(instance=name)
        if setting.dynamic:
            said = f"{value.scoped_path} is computed at run time here"
        elif is_blank(setting.value):
            said = f"{value.scoped_path} is {blank_name(setting)} here, and no layer below sets it"
        else:
            said = f"{value.scoped_path} = {shown_value(value)}"
        return Involved(value.scoped_path, place.replace(note=note or said), False)
    # Not set: where it would be written (its siblings' section in the highest file that has one).
    place = expected_place(instance, value.scope.key_path(value.path)).replace(instance=name)
    if value.dynamic:  # a store view's value that its website sets, and no site map says which website
        said = f"{value.scoped_path} comes from the store view's website, which no site map names"
    elif value.default is not None:
        said = f"{value.scoped_path} is not set in any file: the module default {shown_value(value)} applies"
    else:
        said = f"{value.scoped_path} is not set in {_consulted(value)}; it belongs here"
    return Involved(value.scoped_path, place.replace(note=note or said), False)


def expected_place(instance: Instance, key_path: tuple[str, ...]) -> Location:
    """Where a missing key would be written: the deepest section of its path that a file writes (the one
    holding its siblings), in the highest such file; without one, the instance's main file."""
    best: tuple[int, int] | None = None
    found: Location | None = None
    for source in instance.sources:
        if source.role not in _SETTINGS_ROLES:
            continue
        depth = _written_depth(source.document.data, key_path)
        if depth == 0:
            continue
        rank = (depth, source.rank)
        if best is None or rank > best:
            position = source.position(key_path[:depth])
            if position is not None:
                best = rank
                found = Location(source.file, position.line, position.column)
    return found if found is not None else instance.primary_location


def _written_depth(data: Any, key_path: tuple[str, ...]) -> int:
    """How many leading keys of ``key_path`` (short of the key itself) the document writes as sections."""
    depth = 0
    for key in key_path[:-1]:
        child = data.get(key) if isinstance(data, dict) else None
        if not isinstance(child, dict):
            break
        data = child
        depth += 1
    return depth


def _consulted(value: EffectiveValue) -> str:
    """The files read for a value, lowest layer first (capped): what an absence was checked against."""
    files = list(dict.fromkeys(_layer_name(source) for source in sorted(value.instance.sources, key=_rank)))
    files = [file for file in files if file]
    if not files:
        return "any file"
    shown = ", ".join(files[:LAYERS_SHOWN])
    more = len(files) - LAYERS_SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


def _layer_name(source: Any) -> str:
    """A file's name; a database source once, as its table, and only if it holds ``core_config_data``
    (the store tables say nothing of values)."""
    if source.role != Role.DATABASE:
        return str(source.file)
    return "the database (core_config_data)" if CONFIG_TABLE in tables_of(source.document) else ""


def _rank(source: Any) -> int:
    rank: int = source.rank
    return rank


def _joined(note: str | None, said: str) -> str:
    return f"{note}: {said}" if note else said
