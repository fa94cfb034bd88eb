"""The audit report in Markdown and HTML: metadata, instances, the rule matrix and every finding."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from linter import __version__
from linter.reporters.audit import generated_at, markdown_escape
from linter.result import LintResult
from tests.reporters.conftest import WAIVER, render

EPOCH = "1700000000"  # 2023-11-14T22:13:20Z


@pytest.fixture(autouse=True)
def _fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def _matrix_rows(markdown: str) -> dict[str, list[str]]:
    """Matrix rows of the Markdown report: rule id → cells, one per instance."""
    section = markdown.split("## Rules against instances", 1)[1].split("## Findings", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
        if cells and re.match(r"[A-Z]+-", cells[0]):
            rows[cells[0].split()[0]] = cells[1:]
    return rows


def test_generation_time_is_utc_and_reproducible() -> None:
    assert generated_at({"SOURCE_DATE_EPOCH": EPOCH}) == "2023-11-14T22:13:20Z"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", generated_at({}))


def test_markdown_matrix_shows_who_breaks_what(fleet_result: LintResult) -> None:
    markdown = render("markdown", fleet_result)
    assert "| Rule | dev | production | staging |" in markdown
    rows = _matrix_rows(markdown)
    assert set(rows) == {rule for rule, _ in fleet_result.outcomes}
    not_run = sorted(rule.id for rule in fleet_result.rules if rule.id not in rows)
    assert f"Not evaluated in this run: {', '.join(not_run)}." in markdown
    assert rows["CSC-PRIVATE-KEY-PEM"] == ["n/a", "pass", "**FAIL** (1 error)"]
    # One finding per mistake: staging's data space is SAAS-NONPROD-ON-PRODUCTION-DATASPACE's finding.
    assert rows["FLEET-UNIQUE-DATASPACE"] == ["pass", "folded", "folded"]
    assert rows["SAAS-NONPROD-ON-PRODUCTION-DATASPACE"][2] == "**FAIL** (1 error)"
    assert rows["SEC-PLAINTEXT-PRIVATE-KEY"][1:] == ["info (1 info)", "info (2 infos)"]
    for (rule, instance), status in fleet_result.outcomes.items():
        column = ["dev", "production", "staging"].index(instance)
        if status == "not_applicable":
            assert rows[rule][column] == "n/a"


def test_markdown_metadata_instances_and_findings(fleet_result: LintResult) -> None:
    markdown = render("markdown", fleet_result)
    assert markdown.startswith("# commerce-lint audit report\n")
    assert f"Generated 2023-11-14T22:13:20Z (UTC) by commerce-lint {__version__}" in markdown
    assert f"- Rule set: {len(fleet_result.rules)} rules" in markdown
    for summary in fleet_result.instances:
        assert f"\n### {summary.name}\n" in markdown
        for file in summary.files:
            assert f"| {file.path} | {summary.name} | {file.role} | {file.sha256} |" in markdown
        for key in summary.keys:
            assert f"| {key.name} | {key.fingerprint or '—'} |" in markdown
    assert (
        "- Environment type: production (from manifest examples/fleet/production/instance.yaml)" in markdown
    )
    assert "| websites/eu | yes | sandbox |" in markdown
    assert "- Data space: da7a5bac-e001-4001-8001-000000000003 (Dev), type Testing" in markdown
    assert "| error | CSC-PRIVATE-KEY-PEM: Private keys are one PEM block" in markdown
    assert "examples/fleet/staging/env.json:10:11<br>" in markdown
    # The fleet findings are folded into staging's (linter.folding): nothing is left across instances.
    assert "### Across instances" not in markdown
    assert "see also examples/fleet/staging/env.json:17:11" in markdown


def test_markdown_escapes_cells_and_shows_waivers(variant_result: LintResult) -> None:
    markdown = render("markdown", variant_result)
    assert _matrix_rows(markdown)["SEC-CONNECTOR-IN-SHARED-CONFIG"][0] == "waived"
    line = next(line for line in markdown.splitlines() if "PS-METHOD-VALUE: " in line)
    assert "'live\\|test' &lt;script&gt;alert(1)&lt;/script&gt;; 100% wrong" in line
    assert "line 1 line 2, with: colons" in line  # a line break would end the table row
    assert len(re.split(r"(?<!\\)\|", line)) == 8  # six cells, no more
    waived = next(line for line in markdown.splitlines() if "project_id is set in the shared" in line)
    assert waived.endswith(f"| {WAIVER} |")
    assert "## Input errors\n\n- broken/env.yaml:3:5: could not parse YAML" in markdown
    assert "| broken/env.yaml | — | — | not read |" in markdown


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a|b", "a\\|b"),
        ("<b>", "&lt;b&gt;"),
        ("*x* [y]", "\\*x\\* \\[y\\]"),
        ("a\n b", "a b"),
        ("\\", "\\\\"),
    ],
)
def test_markdown_escape(raw: str, escaped: str) -> None:
    assert markdown_escape(raw) == escaped


class _Outline(HTMLParser):
    """Collects what the accessibility checks need: tags, headings, attributes, text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[int] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_self_contained_and_accessible(variant_result: LintResult) -> None:
    html = render("html", variant_result)
    outline = _Outline()
    outline.feed(html)
    tags = [tag for tag, _ in outline.tags]
    assert ("html", {"lang": "en"}) in outline.tags
    assert "script" not in tags and "link" not in tags and "img" not in tags
    assert not re.search(r"(src|href)=\"(?!#)", html) and "url(" not in html and "@import" not in html
    assert "@media print" in html
    assert tags.count("table") == tags.count("caption")
    assert all(attrs.get("scope") in ("col", "row") for tag, attrs in outline.tags if tag == "th")
    assert outline.headings[0] == 1 and outline.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(outline.headings, outline.headings[1:], strict=False))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # autoescaped
    text = " ".join(outline.text)
    assert WAIVER in text and "CONFIG__DEFAULT__PAYMENT__PAYMENT_METHODS__METHOD" in text
    assert "broken/env.yaml:3:5: could not parse YAML" in text


def test_html_matrix_cells_carry_text_labels_and_link_to_findings(fleet_result: LintResult) -> None:
    html = render("html", fleet_result)
    cells = re.findall(r'<td class="cell (\w+)[^"]*">(.*?)</td>', html)
    assert len(cells) == len({rule for rule, _ in fleet_result.outcomes}) * len(fleet_result.instances)
    labels = {"fail": "FAIL", "note": "info", "pass": "pass", "not_applicable": "n/a", "waived": "waived"}
    labels["folded"] = "folded"  # a finding folded into another rule's (linter.folding)
    for state, content in cells:
        assert labels[state] in content  # readable without colour
        if state == "fail":
            anchor = re.search(r'href="#(finding-\d+)"', content)
            assert anchor and f'id="{anchor.group(1)}"' in html
