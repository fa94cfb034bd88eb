"""Fingerprint identity: which fields of a finding make it another finding, and which must not."""

from __future__ import annotations

import pytest

from linter.finding import Finding, Severity
from linter.location import Location


def _finding(**changes: object) -> Finding:
    fields: dict[str, object] = {
        "rule": "SEC-RULE",
        "severity": Severity("error"),
        "message": "the message",
        "instance": "prod",
        "paths": ("payment/a/b", "payment/a/c"),
        "place": Location("prod/env.php", 10, 5),
        "key": "k1",
    }
    fields.update(changes)
    return Finding(**fields)  # type: ignore[arg-type]


BASE = _finding()


@pytest.mark.parametrize(
    "changes",
    [
        {"rule": "SEC-OTHER"},
        {"instance": "staging"},
        {"instance": None},
        {"place": Location("prod/config.php", 10, 5)},
        {"paths": ("payment/a/b",)},
        {"paths": ("payment/a/c", "payment/a/b")},
        {"paths": ("payment/a/b,payment/a/c",), "key": "k1x"},
        {"key": "k2"},
        {"key": ""},
    ],
)
def test_identity_fields_change_the_fingerprint(changes: dict[str, object]) -> None:
    assert _finding(**changes).fingerprint != BASE.fingerprint


@pytest.mark.parametrize(
    "changes",
    [
        {"place": Location("prod/env.php", 99, 1)},
        {"place": Location("prod/env.php", None, None)},
        {"message": "another wording"},
        {"severity": Severity("warning")},
        {"hint": "a hint"},
        {"waived": "accepted"},
        {"related": (Location("prod/config.php", 3, 1),)},
    ],
)
def test_lines_wording_and_severity_do_not_change_the_fingerprint(changes: dict[str, object]) -> None:
    assert _finding(**changes).fingerprint == BASE.fingerprint


def test_fingerprint_is_sixteen_hex_digits_and_stable() -> None:
    assert len(BASE.fingerprint) == 16 and int(BASE.fingerprint, 16) >= 0
    # Pinned: a baseline written by an earlier release must keep matching.
    assert BASE.fingerprint == "16973629d11c3428"


def test_fields_are_separated_so_they_cannot_run_together() -> None:
    assert _finding(rule="A", instance="BC").fingerprint != _finding(rule="AB", instance="C").fingerprint


def test_case_matters() -> None:
    # Kills: the fingerprint computed on a lowered (case-folded) basis.
    assert _finding(instance="Prod").fingerprint != BASE.fingerprint
    assert _finding(key="K1").fingerprint != BASE.fingerprint
    assert _finding(paths=("PAYMENT/a/b", "payment/a/c")).fingerprint != BASE.fingerprint


def test_file_key_stands_for_the_file_and_is_not_compared() -> None:
    anchored = _finding(file_key="env.php")
    assert (
        anchored.fingerprint
        == _finding(place=Location("elsewhere/env.php", 1, 1), file_key="env.php").fingerprint
    )
    assert anchored.fingerprint != BASE.fingerprint
    assert anchored.fingerprint == anchored.fingerprint_with("env.php")
    assert BASE.fingerprint == anchored.fingerprint_with("prod/env.php")
    assert _finding(file_key="").fingerprint == BASE.fingerprint_with("")
    # file_key is left out of equality, but the fingerprint it gives is compared
    assert anchored != _finding(file_key="other")


def test_non_utf8_file_names_fingerprint_without_error() -> None:
    assert len(_finding(place=Location("prod/\udcff.php")).fingerprint) == 16


def test_sort_key_orders_by_instance_file_line_column_rule_message() -> None:
    a = _finding(place=Location("prod/env.php", 2, 9))
    b = _finding(place=Location("prod/env.php", 10, 1))
    c = _finding(place=Location("prod/env.php", 10, 2))
    d = _finding(place=Location("prod/env.php", 10, 2), rule="SEC-Z")
    e = _finding(instance="zeta", place=Location("a", 1, 1))
    f = _finding(instance=None, place=Location("z", None, None))
    assert sorted([e, d, c, b, a, f], key=Finding.sort_key) == [f, a, b, c, d, e]
    assert _finding(message="b").sort_key() > _finding(message="a").sort_key()


def test_a_place_names_the_instance_it_is_in() -> None:
    place = Location("f", 1, 2, "CONFIG__X", "prod")
    assert (place.file, place.line, place.column, place.variable, place.instance) == (
        "f",
        1,
        2,
        "CONFIG__X",
        "prod",
    )
    assert Location("f").instance is None and Location("f").variable is None


def test_label_shows_line_column_and_variable() -> None:
    assert Location("f", 3, 4).label() == "f:3:4"
    assert Location("f", 3).label() == "f:3"
    assert Location("f", None, 4).label() == "f"
    assert Location("f", 3, 4, "CONFIG__X").label() == "f:3:4 (CONFIG__X)"
    assert Location("f").label() == "f"


def test_a_finding_is_immutable() -> None:
    with pytest.raises(AttributeError, match="immutable"):
        BASE.message = "changed"
    with pytest.raises(AttributeError, match="immutable"):
        del BASE.message
    assert BASE.message != "changed"


def test_replace_derives_the_fingerprint_again_and_refuses_unknown_fields() -> None:
    moved = BASE.replace(paths=("other/path",))
    assert moved.paths == ("other/path",) and moved.fingerprint != BASE.fingerprint
    assert moved.replace(paths=BASE.paths) == BASE
    with pytest.raises(TypeError, match="fingerprint"):
        BASE.replace(fingerprint="0" * 16)


def test_a_finding_survives_pickling_as_sent_between_worker_processes() -> None:
    import pickle

    sent = BASE.replace(file_key="env.php", waived="until 2030")
    copy = pickle.loads(pickle.dumps(sent))
    assert copy == sent and copy.file_key == "env.php" and copy.fingerprint == sent.fingerprint
    assert copy.waived == "until 2030" and copy != BASE


def test_a_file_key_equal_to_the_file_makes_an_equal_finding() -> None:
    # Kills: file_key compared (two findings with the same fingerprint would then differ).
    assert _finding(file_key="prod/env.php") == BASE


def test_a_missing_column_sorts_first() -> None:
    no_column = _finding(rule="SEC-Z", place=Location("prod/env.php", 10, None))
    first_column = _finding(rule="SEC-A", place=Location("prod/env.php", 10, 1))
    assert sorted([first_column, no_column], key=Finding.sort_key) == [no_column, first_column]
    no_line = _finding(rule="SEC-Z", place=Location("prod/env.php", None, 1))
    first_line = _finding(rule="SEC-A", place=Location("prod/env.php", 1, 1))
    assert sorted([first_line, no_line], key=Finding.sort_key) == [no_line, first_line]
