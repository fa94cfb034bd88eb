"""Where reports go: never over a file the run read (however the path is spelled), never two reports
to one file, no empty file name; SARIF texts escaped like every other viewer's; small flag holes."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, run_cli
from tests.hardening.test_secret_paths import SHOW_ALL_RULE, _env_php


def _fleet(tmp_path: Path) -> Path:
    fleet = tmp_path / "fleet"
    shutil.copytree(EXAMPLES / "fleet", fleet)
    return fleet


def _sums(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` and a hash of its bytes: what a run must leave as it was."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _one_error_line(stderr: str, *words: str) -> None:
    lines = [line for line in stderr.splitlines() if line.startswith("commerce-lint: error:")]
    assert len(lines) == 1 and all(word in lines[0] for word in words), stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize(
    ("command", "input_file"),
    [
        (["check", "fleet", "--format", "json=nonexist/../fleet/dev/env.yaml"], "fleet/dev/env.yaml"),
        (
            ["check", "fleet", "-f", "sarif", "-o", "nonexist/../fleet/dev/config.yaml"],
            "fleet/dev/config.yaml",
        ),
        (["baseline", "fleet", "-o", "nonexist/../fleet/dev/env.yaml"], "fleet/dev/env.yaml"),
        (["report", "fleet", "-o", "nonexist/../fleet/production/env.yaml"], "fleet/production/env.yaml"),
        (
            ["report", "fleet", "-f", "markdown", "-o", "nonexist/sub/../../fleet/dev/env.yaml"],
            "fleet/dev/env.yaml",
        ),
    ],
    ids=["check-format", "check-output", "baseline", "report-html", "report-markdown"],
)
def test_a_destination_through_a_missing_folder_is_still_an_input(
    tmp_path: Path, command: list[str], input_file: str
) -> None:
    _fleet(tmp_path)
    before = _sums(tmp_path)
    done = run_cli(*command, cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    _one_error_line(done.stderr, "refusing to overwrite input file", input_file)
    assert _sums(tmp_path) == before  # the input is untouched
    assert not (tmp_path / "nonexist").exists()  # and no folder was made for the refused report


def test_a_report_over_a_rule_file_is_refused(tmp_path: Path) -> None:
    _fleet(tmp_path)
    rules = tmp_path / "myrules"
    rules.mkdir()
    (rules / "USR-DUMP.yaml").write_text(SHOW_ALL_RULE)
    before = _sums(tmp_path)
    for destination in ("myrules/USR-DUMP.yaml", "nx/../myrules/./USR-DUMP.yaml"):
        done = run_cli(
            "check", "fleet", "--rules", "myrules", "--format", f"json={destination}", cwd=tmp_path
        )
        assert done.returncode == 2, done.stdout + done.stderr
        _one_error_line(done.stderr, "refusing to overwrite input file", "USR-DUMP.yaml")
    assert _sums(tmp_path) == before


def test_a_report_over_a_rule_file_named_by_the_settings_is_refused(tmp_path: Path) -> None:
    _fleet(tmp_path)
    (tmp_path / "myrules").mkdir()
    (tmp_path / "myrules" / "USR-DUMP.yaml").write_text(SHOW_ALL_RULE)
    (tmp_path / "commerce-lint.yaml").write_text("rules: [myrules]\n")
    (tmp_path / ".git").mkdir()  # the settings file is found in this "repository"
    before = _sums(tmp_path)
    done = run_cli("report", "fleet", "-f", "markdown", "-o", "myrules/USR-DUMP.yaml", cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    _one_error_line(done.stderr, "refusing to overwrite input file")
    assert _sums(tmp_path) == before


@pytest.mark.parametrize(
    "formats",
    [
        ["-f", "json=o.json", "-f", "sarif=o.json"],
        ["-f", "json=o.json", "-f", "sarif=./sub/../o.json"],
        ["-f", "json=o.json", "-f", "sarif", "-o", "o.json"],
        ["-f", "JSON=out/o.json", "-f", "junit=out//o.json"],
    ],
    ids=["same-name", "spelled-otherwise", "output-option", "double-slash"],
)
def test_two_reports_to_the_same_file_are_a_usage_error(tmp_path: Path, formats: list[str]) -> None:
    _fleet(tmp_path)
    before = _sums(tmp_path)
    done = run_cli("check", "fleet", *formats, cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    _one_error_line(done.stderr, "two reports would be written to the same file", "o.json")
    assert _sums(tmp_path) == before  # no report written: neither one is silently lost
    assert not (tmp_path / "sub").exists() and not (tmp_path / "out").exists()


def test_a_hard_link_to_another_destination_is_the_same_file(tmp_path: Path) -> None:
    _fleet(tmp_path)
    (tmp_path / "a.json").write_text("{}")
    (tmp_path / "b.json").hardlink_to(tmp_path / "a.json")
    done = run_cli("check", "fleet", "-f", "json=a.json", "-f", "sarif=b.json", cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    _one_error_line(done.stderr, "two reports would be written to the same file")


def test_a_destination_with_a_newline_is_named_on_one_line(tmp_path: Path) -> None:
    _fleet(tmp_path)
    done = run_cli("check", "fleet", "-f", "json=a\nb.json", "-f", "sarif=a\nb.json", cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    _one_error_line(done.stderr, "same file", "a\\nb.json")


def test_different_destinations_are_all_written(tmp_path: Path) -> None:
    _fleet(tmp_path)
    done = run_cli("check", "fleet", "-f", "json=o.json", "-f", "sarif=o.sarif", "-f", "text", cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert json.loads((tmp_path / "o.json").read_text())["summary"] is not None
    assert json.loads((tmp_path / "o.sarif").read_text())["version"] == "2.1.0"


@pytest.mark.parametrize("item", ["json=", "sarif= ", " JSON =\t"])
def test_an_empty_file_name_is_a_usage_error(tmp_path: Path, item: str) -> None:
    _fleet(tmp_path)
    before = _sums(tmp_path)
    done = run_cli("check", "fleet", "--format", item, cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    _one_error_line(done.stderr, f"empty file name after {item.partition('=')[0].strip()}=")
    assert "busy" not in done.stderr
    assert _sums(tmp_path) == before  # no file named " " either


def test_the_baseline_named_by_the_settings_can_be_recorded_again(tmp_path: Path) -> None:
    # ``baseline`` does not read the settings' baseline: it writes it. ``check`` and ``report`` read or
    # know it, and may not write over it.
    _fleet(tmp_path)
    (tmp_path / "commerce-lint.yaml").write_text("baseline: known.json\npaths: [fleet]\n")
    (tmp_path / ".git").mkdir()
    for _ in range(2):
        done = run_cli("baseline", "-o", "known.json", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    recorded = (tmp_path / "known.json").read_text()
    for command in (["check", "-f", "json=nx/../known.json"], ["report", "-o", "known.json"]):
        done = run_cli(*command, cwd=tmp_path)
        assert done.returncode == 2, done.stdout + done.stderr
        _one_error_line(done.stderr, "refusing to overwrite input file", "known.json")
    assert (tmp_path / "known.json").read_text() == recorded


@pytest.mark.parametrize("size", ["-5", "0"])
def test_a_file_size_limit_below_one_byte_is_a_usage_error(tmp_path: Path, size: str) -> None:
    _fleet(tmp_path)
    done = run_cli("check", "fleet", "--max-file-size", size, cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "--max-file-size" in done.stderr and "over the" not in done.stderr, done.stderr
    assert done.stdout == ""  # nothing was checked with a limit no file can meet


def test_a_file_size_limit_below_one_byte_in_the_settings_is_an_error(tmp_path: Path) -> None:
    _fleet(tmp_path)
    (tmp_path / "commerce-lint.yaml").write_text("max_file_size: 0\n")
    (tmp_path / ".git").mkdir()
    done = run_cli("check", "fleet", cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    _one_error_line(done.stderr, "commerce-lint.yaml:1", "max_file_size")


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_a_broken_rule_file_is_named_when_the_selection_matches_nothing(tmp_path: Path, option: str) -> None:
    _fleet(tmp_path)
    (tmp_path / "myrules").mkdir()
    (tmp_path / "myrules" / "USR-X.yaml").write_text("id: USR-X\ntitle: [never closed\n")
    done = run_cli("check", "fleet", "--rules", "myrules", option, "USR-X", cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    _one_error_line(done.stderr, f"{option} 'USR-X' matches no rule", "myrules/USR-X.yaml:", "invalid YAML")


BIDI = "\u202e"
CSI = "\u009b"  # the one-character C1 form of ESC [


def test_sarif_escapes_bidirectional_and_c1_characters_json_keeps_them(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    rule = SHOW_ALL_RULE.replace(
        "title: Shows every value, as any message could",
        'title: "Shows \\u202e every \\x9b value"',
    ).replace("remediation: Nothing to do, this is a test rule.", 'remediation: "Nothing \\u202e to do"')
    (rules / "TEST-SHOW-ALL.yaml").write_text(rule)
    instance = tmp_path / "production"
    value = '"x\\u{202e}y\\u{9b}31mz"'  # PHP escapes: the file itself is plain ASCII
    _env_php(
        instance, f"<?php\nreturn ['system' => ['default' => ['design' => ['head' => ['a' => {value}]]]]];\n"
    )
    sarif, data = tmp_path / "o.sarif", tmp_path / "o.json"
    done = run_cli(
        "check", str(instance), "--rules", str(rules), "-f", f"sarif={sarif}", "-f", f"json={data}"
    )
    assert done.returncode in (0, 1), done.stderr
    log = json.loads(sarif.read_text(encoding="utf-8"))
    text = json.dumps(log, ensure_ascii=False)
    assert BIDI not in text and CSI not in text
    run = log["runs"][0]
    shown = [r["message"]["text"] for r in run["results"] if r["ruleId"] == "TEST-SHOW-ALL"]
    assert shown == ["design/head/a = x\\u202ey\\x9b31mz"]
    descriptor = next(d for d in run["tool"]["driver"]["rules"] if d["id"] == "TEST-SHOW-ALL")
    assert descriptor["shortDescription"]["text"] == "Shows \\u202e every \\x9b value"
    assert "Nothing \\u202e to do" in descriptor["help"]["text"]
    assert "Nothing \\u202e to do" in descriptor["help"]["markdown"]
    # JSON is data for programs: the value is kept as it is.
    report = json.loads(data.read_text(encoding="utf-8"))
    assert f"x{BIDI}y{CSI}31mz" in json.dumps(report, ensure_ascii=False)
