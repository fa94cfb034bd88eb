"""docs/rules/<RULE-ID>.md: one page per bundled rule, generated from its file and kept current."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from linter.catalog.loader import load_catalog
from linter.catalog.pages import main, page, pages, stale, write
from linter.checks.rule import Rule, SourceRef
from tests.conftest import ROOT

PAGES = ROOT / "docs/rules"


def test_the_committed_pages_are_the_generated_ones() -> None:
    outdated = stale(PAGES, pages())
    assert not outdated, f"run: python -m linter.catalog.pages --write (stale: {outdated[:5]})"


def test_every_bundled_rule_has_a_page_and_the_index_links_each() -> None:
    rules = load_catalog()
    index = (PAGES / "index.md").read_text(encoding="utf-8")
    for rule in rules:
        assert (PAGES / f"{rule.id}.md").is_file()
        assert f"]({rule.id}.md)" in index
    assert len(re.findall(r"^\| \[", index, re.M)) == len(rules)


def test_a_page_says_what_its_rule_file_says() -> None:
    rule = next(rule for rule in load_catalog() if rule.id == "PS-ENABLED-NEEDS-CONNECTION")
    text = page(rule)
    assert text.splitlines()[2] == f"# {rule.id}: {rule.title}"
    assert "](../../rules/payments/PS-ENABLED-NEEDS-CONNECTION.yaml)" in text
    for heading in ("## Why", "## Sources", "## How to fix", "## Examples"):
        assert heading in text
    assert " ".join(rule.rationale.split()[:12]) in text
    assert " ".join(rule.remediation.split()) in text
    for source in rule.sources:
        assert source.document in text
        if source.quote:
            assert source.quote in text
    for example in rule.examples:
        assert f"### {example['name']} (expect {example['expect']})" in text
    # A failing example's expected findings are listed, each path in code spans.
    assert "`websites/eu/payment/payment_methods/method`" in text
    assert text.count("```yaml") == len(rule.examples)


def test_text_that_looks_like_markup_stays_visible(tmp_path: Path) -> None:
    base = next(rule for rule in load_catalog() if rule.id == "PS-METHOD-VALUE")
    odd = base.replace(
        title="A | pipe",
        rationale="Set in <environment> & kept.\n\nSecond paragraph.",
        sources=(SourceRef("Doc | one", "a `tick` quote", "https://example.org/x"),),
        examples=({"name": "fenced", "expect": "pass", "instance": {"env": {"k": "```"}}},),
    )
    text = page(odd)
    assert "# PS-METHOD-VALUE: A \\| pipe" in text
    assert "Set in &lt;environment&gt;" not in text and "Set in &lt;environment> &amp; kept." in text
    assert "\n\nSecond paragraph." in text
    assert "[Doc \\| one](https://example.org/x)" in text
    assert "````yaml" in text  # the fence outgrows the backticks inside


def test_write_then_check_and_a_stale_or_left_over_page_is_named(tmp_path: Path) -> None:
    rules: list[Rule] = load_catalog()[:2]
    generated = pages(rules)
    write(tmp_path, generated)
    assert stale(tmp_path, generated) == []
    (tmp_path / f"{rules[0].id}.md").write_text("edited by hand\n", encoding="utf-8")
    (tmp_path / "GONE-RULE.md").write_text("a rule that no longer exists\n", encoding="utf-8")
    assert stale(tmp_path, generated) == sorted([f"{rules[0].id}.md", "GONE-RULE.md"])
    write(tmp_path, generated)
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(generated)


def test_the_command_checks_and_writes(tmp_path: Path) -> None:
    assert main(["--check", "--out", str(tmp_path)]) == 1  # empty folder: every page missing
    done = subprocess.run(
        [sys.executable, "-m", "linter.catalog.pages", "--write", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert main(["--check", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "index.md").read_text(encoding="utf-8") == (PAGES / "index.md").read_text(
        encoding="utf-8"
    )
