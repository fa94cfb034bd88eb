"""The rule pages, ``docs/rules/<RULE-ID>.md`` and an index, generated from the bundled rule files.

``python -m linter.catalog.pages --write`` rewrites them; ``--check`` exits 1 when one is stale. SARIF's
``helpUri`` and the audit report link to these pages, so they say what the rule file says, no more.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import yaml

from linter.catalog.loader import load_catalog
from linter.checks.rule import Rule, SourceRef
from linter.resources import rules_dir

INDEX = "index.md"
HEADER = "<!-- Generated from {file} by `python -m linter.catalog.pages --write`; do not edit. -->"
EXAMPLE_INPUTS = ("instance", "before", "after", "fleet")
FINDING_FIELDS = ("case", "severity", "paths", "at", "instances", "message")
HEADS = {"at": "points at", "message": "message contains"}


def _prose(text: str) -> str:
    """Rule text as Markdown paragraphs; ``<`` and ``&`` escaped so ``<environment>`` stays visible."""
    paragraphs = [" ".join(part.split()) for part in text.strip().split("\n\n")]
    return "\n\n".join(p.replace("&", "&amp;").replace("<", "&lt;") for p in paragraphs if p)


def _cell(text: str) -> str:
    """Text for a table cell: one line, pipes escaped."""
    return _prose(text).replace("\n", " ").replace("|", "\\|")


def _fence(text: str, language: str = "") -> list[str]:
    """A fenced block longer than any run of backticks inside it."""
    fence = "```"
    while fence in text:
        fence += "`"
    return [fence + language, text.rstrip("\n"), fence]


def _source(source: SourceRef) -> str:
    name = f"[{_cell(source.document)}]({source.url})" if source.url else f"`{source.document}`"
    if source.quote:
        name += f": “{_cell(source.quote)}”"
    return f"- {name}"


def _finding(expected: dict[str, Any], fields: list[str]) -> str:
    cells = []
    for field in fields:
        value = expected.get(field)
        if isinstance(value, list):
            value = ", ".join(f"`{item}`" for item in value)
        elif value is not None and field in ("case", "at"):
            value = f"`{value}`"
        cells.append(_cell(str(value)) if value is not None else "")
    return "| " + " | ".join(cells) + " |"


def _example(example: dict[str, Any]) -> list[str]:
    lines = [f"### {example['name']} (expect {example['expect']})", ""]
    if example.get("description"):
        lines += [_prose(example["description"]), ""]
    findings = example.get("findings") or []
    if findings:
        fields = [field for field in FINDING_FIELDS if any(field in expected for expected in findings)]
        heads = [HEADS.get(field, field) for field in fields]
        lines += ["Its findings, exactly:", "", "| " + " | ".join(heads) + " |", "|" + "---|" * len(fields)]
        lines += [_finding(expected, fields) for expected in findings]
        lines.append("")
    body = {key: example[key] for key in EXAMPLE_INPUTS if key in example}
    if body:
        dumped = yaml.safe_dump(body, sort_keys=False, default_flow_style=False, width=100)
        lines += [*_fence(dumped, "yaml"), ""]
    return lines


def _relative(rule: Rule) -> str:
    """The rule file as the repository names it (``rules/payments/PS-METHOD-VALUE.yaml``)."""
    inside = os.path.relpath(os.path.realpath(rule.file), os.path.realpath(rules_dir()))
    return "rules/" + Path(inside).as_posix()


def page(rule: Rule) -> str:
    """One rule's page as Markdown."""
    file = _relative(rule)
    lines = [
        HEADER.format(file=file),
        "",
        f"# {rule.id}: {_cell(rule.title)}",
        "",
        f"Severity **{rule.severity.value}**, {rule.level} rule"
        + (f"; tags {', '.join(f'`{tag}`' for tag in rule.tags)}" if rule.tags else "")
        + f". Defined in [`{file}`](../../{file}).",
        "",
        "## Why",
        "",
        _prose(rule.rationale),
        "",
        "## Sources",
        "",
        *(_source(source) for source in rule.sources),
        "",
        "## How to fix",
        "",
        _prose(rule.remediation),
        "",
    ]
    if rule.examples:
        lines += ["## Examples", "", "Each is run by `commerce-lint rules test`.", ""]
        for example in rule.examples:
            lines += _example(example)
    return "\n".join(lines).rstrip("\n") + "\n"


def index(rules: list[Rule]) -> str:
    """The table of every rule, linking to its page."""
    lines = [
        HEADER.format(file="rules/"),
        "",
        "# Rules",
        "",
        f"The {len(rules)} rules that ship with commerce-lint; `commerce-lint rules explain ID` prints one.",
        "",
        "| Rule | Severity | Level | Title |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| [{rule.id}]({rule.id}.md) | {rule.severity.value} | {rule.level} | {_cell(rule.title)} |"
        for rule in sorted(rules, key=lambda rule: rule.id)
    ]
    return "\n".join(lines) + "\n"


def pages(rules: list[Rule] | None = None) -> dict[str, str]:
    """File name → content for every page and the index."""
    rules = rules if rules is not None else load_catalog()
    generated = {f"{rule.id}.md": page(rule) for rule in rules}
    generated[INDEX] = index(rules)
    return generated


def stale(folder: Path, generated: dict[str, str]) -> list[str]:
    """Names in ``folder`` that differ from ``generated``, are missing, or are left from a gone rule."""
    present = {path.name for path in folder.glob("*.md")} if folder.is_dir() else set()
    changed = [
        name
        for name, text in generated.items()
        if name not in present or (folder / name).read_text(encoding="utf-8") != text
    ]
    return sorted(changed + sorted(present - generated.keys()))


def write(folder: Path, generated: dict[str, str]) -> None:
    """Make ``folder`` hold exactly the generated pages."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in folder.glob("*.md"):
        if path.name not in generated:
            path.unlink()
    for name, text in generated.items():
        (folder / name).write_text(text, encoding="utf-8", newline="\n")


def main(argv: list[str]) -> int:
    """``--write`` or ``--check`` [``--out DIR``]; docs/rules of the checkout by default."""
    folder = rules_dir().parent / "docs" / "rules"
    if "--out" in argv[:-1]:
        folder = Path(argv[argv.index("--out") + 1])
    generated = pages()
    if "--write" in argv:
        write(folder, generated)
        print(f"wrote {len(generated)} pages to {folder}")
        return 0
    outdated = stale(folder, generated)
    for name in outdated:
        print(f"{folder / name}: stale (python -m linter.catalog.pages --write)", file=sys.stderr)
    return 1 if outdated else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
