"""Regular expressions from rule files run in RE2: a pattern that backtracks for ever in Python's re
finishes at once, and one RE2 cannot run is a rule-file error at its file, line and key."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, run_cli
from tests.hardening.test_hostile_inputs import _run_with_peak_memory
from tests.support.rules import instance_rule

URL = "web/secure/base_url"


def _rule(folder: Path, pattern: str, rule_id: str = "ACME-URL") -> Path:
    """An instance rule failing when the base URL matches ``pattern`` (written as a YAML literal)."""
    condition = f"{{matches: {{path: {URL}, pattern: {json.dumps(pattern)}}}}}"
    return instance_rule(folder, rule_id, condition, "the base URL matches", "testing regular expressions")


def _instance(root: Path, value: str) -> Path:
    directory = root / "prod"
    directory.mkdir(parents=True, exist_ok=True)
    document = {"system": {"default": {"web": {"secure": {"base_url": value}}}}}
    (directory / "env.json").write_text(json.dumps(document))
    return directory


@pytest.mark.parametrize("pattern", ["^(a|a)*$", "(a|aa)+$", "^(a+)+$", "(x+x+)+y", "^(\\w+\\s?)*$"])
def test_a_catastrophic_pattern_finishes_at_once(tmp_path: Path, pattern: str) -> None:
    _rule(tmp_path / "rules", pattern)
    value = "a" * 40 + "x" * 40 + "!"  # Python's re needs about 2**40 steps for the first two patterns
    target = _instance(tmp_path, value)
    started = time.monotonic()
    done, _ = _run_with_peak_memory(
        "check", str(target), "--rules", str(tmp_path / "rules"), "--select", "ACME-URL", limit=20
    )
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 instance checked" in done.stdout
    assert elapsed < 10, elapsed  # a whole CLI run; the match itself takes microseconds


def test_a_long_adversarial_value_is_matched_in_linear_time(tmp_path: Path) -> None:
    _rule(tmp_path / "rules", "^(a|aa)+$")
    target = _instance(tmp_path, "a" * 500_000 + "b")
    done, _ = _run_with_peak_memory(
        "check", str(target), "--rules", str(tmp_path / "rules"), "--select", "ACME-URL", limit=30
    )
    assert done.returncode == 0 and "1 instance checked" in done.stdout, done.stderr


@pytest.mark.parametrize(
    ("value", "pattern", "fails"),
    [
        ("http://shop.example.com/", "^http://", True),  # search: anywhere, anchors work
        ("https://shop.example.com/", "^http://", False),
        ("https://shop.example.com/", "(?i)SHOP\\.EXAMPLE", True),
        ("https://staging.example.com/", "staging|dev", True),
        ("https://example.com/\n", "com/$", False),  # RE2's $ is the very end: not before a newline
        ("https://example.com/\n", "com/\\n\\z", True),
        ("https://exämple.com/", "ä", True),
    ],
)
def test_matches_keeps_its_meaning(tmp_path: Path, value: str, pattern: str, fails: bool) -> None:
    _rule(tmp_path / "rules", pattern)
    target = _instance(tmp_path, value)
    done = run_cli("check", str(target), "--rules", str(tmp_path / "rules"), "--select", "ACME-URL")
    assert done.returncode == (1 if fails else 0), done.stdout + done.stderr
    assert ("the base URL matches" in done.stdout) is fails


def test_a_lone_surrogate_in_a_value_does_not_break_the_match(tmp_path: Path) -> None:
    _rule(tmp_path / "rules", "^https://x")
    directory = tmp_path / "prod"
    directory.mkdir()
    (directory / "env.json").write_text(
        '{"system": {"default": {"web": {"secure": {"base_url": "https://x\\ud800y"}}}}}'
    )
    done = run_cli("check", str(directory), "--rules", str(tmp_path / "rules"), "--select", "ACME-URL")
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    assert done.returncode == 1 and "the base URL matches" in done.stdout, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("(a)\\1", "no backreferences"),
        ("(?=a)b", "no lookahead or lookbehind"),
        ("(?<!a)b", "no lookahead or lookbehind"),
        ("end\\Z", "\\z"),
        ("([a-z", "missing ]"),
        ("((a{100}){100}){100}", "repetition"),
    ],
)
def test_a_pattern_re2_cannot_run_is_a_rule_file_error(tmp_path: Path, pattern: str, reason: str) -> None:
    _rule(tmp_path / "rules", pattern)
    done = run_cli("check", str(EXAMPLES / "fleet"), "--rules", str(tmp_path / "rules"))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr  # RE2's own logging stays quiet
    assert "ACME-URL.yaml:10: check/cases/0/fail_if/matches/pattern: invalid regular expression" in lines[0]
    assert reason in lines[0]
    # the same error from `rules test` and `rules list`
    for command in (
        ["rules", "test", str(tmp_path / "rules")],
        ["rules", "list", "--rules", str(tmp_path / "rules")],
    ):
        other = run_cli(*command)
        assert other.returncode == 2 and "ACME-URL.yaml:10:" in other.stderr


def test_a_bad_pattern_is_caught_even_when_the_rule_cache_knew_the_file(tmp_path: Path) -> None:
    # A cache written before patterns had to compile in RE2 (when this file was valid) must not let
    # the pattern through: the entry below is what that version stored for this very file.
    import yaml

    from linter import __version__
    from linter.catalog.cache import content_key

    cache = tmp_path / "cache"
    cache.mkdir()
    rule = _rule(tmp_path / "rules", "(a)\\1")
    text = rule.read_text()
    entry = {content_key(text): yaml.safe_load(text)}
    (cache / "rules-v1.json").write_text(json.dumps({"version": __version__, "rules": entry}))
    environment = {"COMMERCE_LINT_CACHE_DIR": str(cache)}
    done = run_cli("check", str(EXAMPLES / "fleet"), "--rules", str(rule.parent), env=environment)
    assert done.returncode == 2 and "no backreferences" in done.stderr


def test_bundled_rules_still_pass_their_examples() -> None:
    done = run_cli("rules", "test")
    assert done.returncode == 0 and " 0 failed" in done.stdout


def test_start_up_does_not_import_re2_when_no_rule_matches_a_pattern() -> None:
    import subprocess
    import sys

    from tests.conftest import ROOT, cli_environment

    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "linter", "check", str(EXAMPLES / "fleet")],
        cwd=ROOT,
        env=cli_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "linter.checks.conditions" in imported
    assert "re2" not in imported and "linter.regex" not in imported


def _glob_rule(folder: Path, glob: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "ACME-GLOB.yaml").write_text(
        "id: ACME-GLOB\ntitle: Settings under a glob\nseverity: error\nlevel: instance\n"
        "rationale: testing path globs\nsource: [{document: test}]\nremediation: remove the setting\n"
        "check:\n  for_each:\n    setting:\n      settings:\n"
        f"        paths: [{json.dumps(glob)}]\n"
        "  cases:\n    - fail_if: {set: {var: setting}}\n      message: '{setting} is set'\n"
        "examples: [{name: a, expect: pass}, {name: b, expect: fail}]\n"
    )


def test_a_path_glob_with_many_wildcards_is_linear_on_a_long_key(tmp_path: Path) -> None:
    # Python's re, given **a**a**a**a**b, needs minutes on a 400-character key and years on 20,000.
    _glob_rule(tmp_path / "rules", "**a**a**a**a**b")
    directory = tmp_path / "prod"
    directory.mkdir()
    document = {"system": {"default": {"acme": {"group": {"a" * 20_000: "x", "xaxaxaxab": "y"}}}}}
    (directory / "env.json").write_text(json.dumps(document))
    done, _ = _run_with_peak_memory(
        "check", str(directory), "--rules", str(tmp_path / "rules"), "--select", "ACME-GLOB", limit=30
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "acme/group/xaxaxaxab is set" in done.stdout  # the glob still matches what it should
    assert done.stdout.count(" is set") == 1


@pytest.mark.parametrize(
    ("glob", "path", "hit"),
    [
        ("acme/**/f*d", "acme/a/b/field", True),
        ("acme/**/f*d", "acme/a/b/f/d", False),  # * stays within a segment
        ("acme/*-x *#/**/*y", "acme/a-x b#/c/dy", True),  # punctuation and a space are literal
        ("acme/*-x *#/**/*y", "acme/a-x-b#/c/dy", False),
    ],
)
def test_globs_matched_by_re2_keep_their_meaning(tmp_path: Path, glob: str, path: str, hit: bool) -> None:
    _glob_rule(tmp_path / "rules", glob)
    directory = tmp_path / "prod"
    directory.mkdir()
    section, group, *rest = path.split("/")
    leaf: dict[str, object] = {rest[-1]: "v"}
    for part in reversed(rest[:-1]):
        leaf = {part: leaf}
    document = {"system": {"default": {section: {group: leaf}}}}
    (directory / "env.json").write_text(json.dumps(document))
    done = run_cli("check", str(directory), "--rules", str(tmp_path / "rules"), "--select", "ACME-GLOB")
    assert (f"{path} is set" in done.stdout) is hit, done.stdout + done.stderr
