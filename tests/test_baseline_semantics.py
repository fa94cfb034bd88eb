"""Baseline counting: N identical findings baselined means the N+1th is new; change findings never hide."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from linter.baseline import FORMAT, apply_baseline, baseline_document, load_baseline, write_baseline
from linter.catalog.loader import load_catalog
from linter.errors import SettingsError, UsageError
from linter.finding import Finding, Severity
from linter.location import Location
from linter.result import LintResult


@pytest.fixture(scope="module")
def change_rule():  # type: ignore[no-untyped-def]
    return next(rule for rule in load_catalog() if rule.level == "change")


def _finding(
    rule: str = "CSC-KEY",
    key: str = "",
    line: int = 3,
    waived: str | None = None,
    file_key: str | None = None,
) -> Finding:
    return Finding(
        rule,
        Severity("error"),
        f"msg {key}",
        "prod",
        ("a/b/c",),
        Location("prod/env.php", line, 1),
        key=key,
        waived=waived,
        file_key=file_key,
    )


def _entries(*findings: Finding) -> list[dict[str, object]]:
    return baseline_document(LintResult([], list(findings)))["entries"]  # type: ignore[no-any-return]


def test_n_identical_findings_baselined_hide_n_and_the_next_one_is_new() -> None:
    # Kills: the counter not decremented (one entry hiding any number of equal findings).
    entries = _entries(_finding(line=1), _finding(line=2))
    result = LintResult([], [_finding(line=5), _finding(line=6), _finding(line=7)])
    apply_baseline(result, entries)
    assert result.baselined == 2
    assert [f.place.line for f in result.findings] == [7]
    assert result.baseline_gone == []


def test_entries_that_no_longer_occur_are_remembered_once_each() -> None:
    entries = _entries(_finding(line=1), _finding(line=2), _finding(key="gone"))
    result = LintResult([], [_finding(line=9)])
    apply_baseline(result, entries)
    assert result.baselined == 1 and result.findings == []
    assert sorted(str(e["message"]) for e in result.baseline_gone) == ["msg ", "msg gone"]


def test_other_fingerprints_are_not_hidden() -> None:
    result = LintResult([], [_finding(key="new")])
    apply_baseline(result, _entries(_finding()))
    assert [f.key for f in result.findings] == ["new"] and result.baselined == 0


def test_change_findings_are_never_baselined(change_rule) -> None:  # type: ignore[no-untyped-def]
    change = _finding(rule=change_rule.id)
    document = baseline_document(LintResult([change_rule], [change, _finding()]))
    assert [e["rule"] for e in document["entries"]] == ["CSC-KEY"]
    # ...and an entry for one (written by hand or by an older release) hides nothing.
    result = LintResult([change_rule], [change])
    apply_baseline(result, _entries(change))
    assert result.findings == [change] and result.baselined == 0


def test_waived_findings_are_neither_written_nor_hidden() -> None:
    assert _entries(_finding(waived="ok")) == []
    result = LintResult([], [_finding(waived="ok")])
    apply_baseline(result, _entries(_finding()))
    assert len(result.findings) == 1 and result.baselined == 0
    assert len(result.baseline_gone) == 1


def test_entry_fields_and_order() -> None:
    findings = [_finding(key=key) for key in "zyxwvutsrq"]
    assert [f.fingerprint for f in findings] != sorted(f.fingerprint for f in findings)
    document = baseline_document(LintResult([], findings))
    assert document["format"] == FORMAT and document["tool"]["name"] == "commerce-lint"
    created = datetime.datetime.fromisoformat(document["created"])
    assert created.utcoffset() == datetime.timedelta(0) and created.microsecond == 0
    assert "." not in document["created"]
    entries = document["entries"]
    assert [e["fingerprint"] for e in entries] == sorted(e["fingerprint"] for e in entries)
    assert set(entries[0]) == {"fingerprint", "rule", "instance", "file", "paths", "message"}
    assert entries[0]["file"] == "prod/env.php" and entries[0]["paths"] == ["a/b/c"]
    # Equal fingerprints (the same finding twice) are ordered by message.
    later = _finding(key="k")
    earlier = later.replace(message="a first")
    assert later.fingerprint == earlier.fingerprint
    twins = baseline_document(LintResult([], [later, earlier]))["entries"]
    assert [e["message"] for e in twins] == ["a first", "msg k"]


def test_the_baseline_file_is_indented_and_keeps_non_ascii_text(tmp_path: Path) -> None:
    target = tmp_path / "baseline.json"
    finding = Finding("CSC-KEY", Severity("error"), "clé réglée", "prod", (), Location("prod/env.php", 1, 1))
    write_baseline(LintResult([], [finding]), target)
    text = target.read_text(encoding="utf-8")
    assert '\n  "format": "commerce-lint-baseline/1",\n' in text
    assert "clé réglée" in text


def test_entries_of_anchored_findings_match_them() -> None:
    anchored = _finding(file_key="env.php")
    result = LintResult([], [_finding(file_key="env.php")])
    apply_baseline(result, _entries(anchored))
    assert result.findings == [] and result.baselined == 1


def test_an_entry_written_from_another_directory_still_matches() -> None:
    # Entries written before fingerprints were anchored used the working-directory-relative file.
    legacy = _entries(_finding())
    result = LintResult([], [_finding(file_key="env.php")])
    apply_baseline(result, legacy)
    assert result.findings == [] and result.baselined == 1


def test_write_then_load_round_trip(tmp_path: Path) -> None:
    target = tmp_path / "baseline.json"
    result = LintResult([], [_finding(line=1), _finding(line=2)])
    assert write_baseline(result, target) == 2
    assert target.read_text(encoding="utf-8").endswith("}\n")
    entries = load_baseline(target)
    assert len(entries) == 2 and entries[0]["rule"] == "CSC-KEY"
    assert [p.name for p in tmp_path.iterdir()] == ["baseline.json"]


def test_writing_over_an_input_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "env.yaml"
    target.write_text("x: 1\n")
    result = LintResult([], [])
    result.read_files = [str(target)]
    with pytest.raises(UsageError):
        write_baseline(result, target)
    assert target.read_text() == "x: 1\n"


def test_an_unwritable_place_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    with pytest.raises(UsageError, match="cannot write the baseline"):
        write_baseline(LintResult([], []), tmp_path / "a-file" / "b.json")


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("{\n  nope\n}", "invalid baseline JSON", 2),
        ('{"format": "other", "entries": []}', "not a commerce-lint baseline", 1),
        ('{"format": "commerce-lint-baseline/1"}', "not a commerce-lint baseline", 1),
        ("[]", "not a commerce-lint baseline", 1),
        ("[" * 100000, "nested too deeply", None),
        ('\n{"a":\n' + "1" * 5000 + "\n}\n", "too many digits", 3),
    ],
)
def test_bad_baselines_name_file_and_line(tmp_path: Path, text: str, message: str, line: int | None) -> None:
    path = tmp_path / "b.json"
    path.write_text(text)
    with pytest.raises(SettingsError, match=message) as caught:
        load_baseline(path)
    assert caught.value.line == line
    assert caught.value.file is not None and caught.value.file.endswith("b.json")


def test_loaded_entries_keep_only_known_fields_of_known_types(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    entries = [
        {"fingerprint": "f1", "rule": "R\x1b[31m", "instance": 5, "paths": ["p", 3], "extra": "x"},
        {"rule": "no fingerprint"},
        "not a mapping",
        {"fingerprint": "f2", "paths": "not a list"},
    ]
    path.write_text(json.dumps({"format": FORMAT, "entries": entries}))
    loaded = load_baseline(path)
    assert [e["fingerprint"] for e in loaded] == ["f1", "f2"]
    assert "instance" not in loaded[0] and "extra" not in loaded[0]
    assert "\x1b" not in loaded[0]["rule"]
    assert loaded[0]["paths"] == ["p"] and loaded[1]["paths"] == []


def test_unreadable_baseline_is_a_settings_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="cannot read baseline") as caught:
        load_baseline(tmp_path)
    assert caught.value.file is not None and caught.value.file.endswith(tmp_path.name)


def test_a_baseline_may_be_larger_than_an_input_file(tmp_path: Path) -> None:
    # Kills: the baseline read with the input files' limit (16 MiB) instead of its own.
    entry = {"fingerprint": "f" * 16, "rule": "R", "message": "m" * 1000, "paths": []}
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"format": FORMAT, "entries": [entry] * 17000}))
    assert path.stat().st_size > 16 * 1024 * 1024
    assert len(load_baseline(path)) == 17000
