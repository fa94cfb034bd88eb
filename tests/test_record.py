"""Records: every subclass names its fields in order, compares, hashes, copies and pickles by them."""

from __future__ import annotations

import importlib
import inspect
import pickle
import pkgutil

import pytest

import linter
from linter.location import Location
from linter.record import Record


def _all_records() -> list[type[Record]]:
    for module in pkgutil.walk_packages(linter.__path__, "linter."):
        if module.name != "linter.__main__":
            importlib.import_module(module.name)
    found: list[type[Record]] = []
    stack = list(Record.__subclasses__())
    while stack:
        cls = stack.pop()
        found.append(cls)
        stack.extend(cls.__subclasses__())
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


RECORDS = _all_records()


def test_the_start_up_records_are_records() -> None:
    names = {cls.__qualname__ for cls in RECORDS}
    assert {"Location", "Rule", "InputFile", "InstanceSpec", "Settings", "CasesSpec", "Recognised"} <= names


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: f"{cls.__module__}.{cls.__qualname__}")
def test_slots_are_the_init_parameters_in_order(cls: type[Record]) -> None:
    parameters = list(inspect.signature(cls.__init__).parameters)[1:]
    assert list(cls.__slots__) == parameters
    assert not hasattr(cls, "__dict__") or "__dict__" not in cls.__dict__.get("__slots__", ())


def test_equality_hash_repr_replace_and_pickle_follow_the_fields() -> None:
    place = Location("app/etc/env.php", 12, 5, None, "prod")
    same = Location("app/etc/env.php", 12, 5, None, "prod")
    assert place == same and hash(place) == hash(same) and place is not same
    assert place != Location("app/etc/env.php", 12, 6, None, "prod")
    assert place != ("app/etc/env.php", 12, 5, None, "prod")  # a record is not a tuple
    assert (
        repr(place)
        == "Location(file='app/etc/env.php', line=12, column=5, variable=None, instance='prod', note=None)"
    )
    moved = place.replace(line=13, instance=None)
    assert (moved.file, moved.line, moved.column, moved.instance) == ("app/etc/env.php", 13, 5, None)
    assert place.line == 12  # the original is unchanged
    with pytest.raises(TypeError, match="lines"):
        place.replace(lines=1)
    copy = pickle.loads(pickle.dumps(place))
    assert copy == place and copy.label() == "app/etc/env.php:12:5"
    with pytest.raises(AttributeError):
        place.extra = 1  # type: ignore[attr-defined]


def test_records_of_different_classes_with_equal_fields_differ() -> None:
    class Other(Record):
        __slots__ = ("file", "line", "column", "variable", "instance")

        def __init__(
            self, file: str, line: int | None, column: int | None, variable: None, instance: str
        ) -> None:
            self.file, self.line, self.column, self.variable, self.instance = (
                file,
                line,
                column,
                variable,
                instance,
            )

    assert Other("f", 1, 2, None, "i") != Location("f", 1, 2, None, "i")
