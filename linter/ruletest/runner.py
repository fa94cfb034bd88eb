"""Run a rule's own examples: build in-memory instances from each example and compare outcomes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from linter.before import change_env_type, judged_as
from linter.catalog.loader import load_catalog
from linter.checks.cases import CasesSpec
from linter.checks.evaluate import EVALUATION_ERRORS, evaluate_rule
from linter.checks.fleet import evaluate_fleet_example
from linter.checks.fleet_spec import FleetSpec
from linter.checks.kinds import NoticeSpec
from linter.checks.rule import Rule
from linter.checks.vocabulary import Level, Outcome
from linter.engine import check_instance
from linter.errors import LoadError
from linter.finding import Finding
from linter.formats import Role, layer_of, loader_for
from linter.loaders.document import Document
from linter.model.instance import Instance
from linter.model.sources import Source
from linter.result import LintResult
from linter.ruletest.expect import compare
from linter.settings import Waiver
from linter.waivers import apply_waivers


@dataclass(frozen=True)
class ExampleResult:
    """Whether one example behaved as its rule file says, and why not."""

    rule: str
    example: str
    passed: bool
    detail: str
    file: str

    @property
    def test_id(self) -> str:
        """``RULE-ID::example-name``."""
        return f"{self.rule}::{self.example}"


def build_instance(name: str, spec: dict[str, Any]) -> Instance:
    """An in-memory instance from an example's ``env``/``config``/``variables``/``files``."""
    sources: list[Source] = []
    base = f"<example:{name}>"
    for role in (Role.CONFIG, Role.ENV, Role.VARIABLES):  # an example's keys name the layers
        if role.value in spec:
            document = Document(f"{base}/{role.value}.yaml", "yaml", spec[role.value] or {})
            sources.append(Source(document, role, role == Role.CONFIG))
    for file_name, text in (spec.get("files") or {}).items():
        kind = layer_of(file_name)
        role, fmt, shared = (kind.role, kind.format, kind.shared) if kind else (Role.ENV, "yaml", False)
        sources.append(Source(loader_for(fmt)(text, f"{base}/{file_name}"), role, shared))
    if spec.get("database"):
        sources.append(Source(example_database(base, spec["database"]), Role.DATABASE, False))
    return Instance(
        name=name,
        directory=base,
        sources=sources,
        env_type=spec.get("environment_type"),
        env_type_source="example" if spec.get("environment_type") else None,
        project=spec.get("project"),
    )


def example_database(base: str, tables: dict[str, list[dict[str, Any]]]) -> Document:
    """An example's ``database:`` (table name -> rows as mappings) as a live read would give it."""
    from linter.loaders.db_rows import Table, database_document

    read: dict[str, Table] = {}
    for table_name, rows in tables.items():
        columns = tuple(dict.fromkeys(column for row in rows for column in row))
        table = read[table_name] = Table(table_name, columns)
        for row in rows:
            table.append(tuple(None if row.get(c) is None else str(row[c]) for c in columns), 0)
    return database_document(f"{base}/core_config_data", "database", read)


def run_example(rule: Rule, example: dict[str, Any]) -> ExampleResult:
    """Evaluate ``rule`` on one example and check the expected outcome."""
    name = example["name"]
    try:
        status, findings = _outcome(rule, example)
    except LoadError as error:
        return ExampleResult(
            rule.id, name, False, f"example input does not load: {error.one_line()}", rule.file
        )
    except EVALUATION_ERRORS as error:
        return ExampleResult(rule.id, name, False, f"rule could not be evaluated: {error}", rule.file)
    problem = _compare(rule, example, status, findings)
    return ExampleResult(rule.id, name, problem is None, problem or "ok", rule.file)


def _outcome(rule: Rule, example: dict[str, Any]) -> tuple[Outcome, list[Finding]]:
    # An example without its input runs on an empty instance (or, for a fleet rule, no instances).
    if isinstance(rule.check, NoticeSpec):
        return _notice_outcome(rule, example)
    if isinstance(rule.check, FleetSpec):
        return evaluate_fleet_example(
            rule, {n: build_instance(n, s) for n, s in example.get("fleet", {}).items()}
        )
    if rule.level == Level.CHANGE:
        after = build_instance("example", example.get("after", {}))
        before = build_instance("example", example.get("before", {}))
        if isinstance(rule.check, CasesSpec) and rule.check.removed:
            outcome = evaluate_rule(rule, after, before)
        else:  # judged by the environment type the engine would use (production on either side)
            with judged_as(after, *change_env_type(after, before)):
                outcome = evaluate_rule(rule, after, before)
    else:
        outcome = evaluate_rule(rule, build_instance("example", example.get("instance", {})))
    return outcome.status, outcome.findings


def _notice_outcome(rule: Rule, example: dict[str, Any]) -> tuple[Outcome, list[Finding]]:
    """Notices come from the engine: run the bundled rules on the example, then apply its waivers."""
    others = [r for r in load_catalog() if r.id != rule.id and not isinstance(r.check, NoticeSpec)]
    catalog = [*others, rule]
    report = check_instance(build_instance("example", example.get("instance", {})), catalog)
    result = LintResult(rules=catalog, findings=report.findings)
    waivers = tuple(
        Waiver(
            w["rule"],
            w["reason"],
            w.get("instance", "*"),
            w.get("path"),
            w.get("owner"),
            datetime.date.fromisoformat(str(w["expires"])) if w.get("expires") else None,
        )
        for w in example.get("waivers", [])
    )
    apply_waivers(result, waivers, "<example settings>")
    findings = [f for f in result.findings if f.rule == rule.id]
    return (Outcome.FAIL if findings else Outcome.PASS), findings


def _compare(rule: Rule, example: dict[str, Any], status: Outcome, findings: list[Finding]) -> str | None:
    return compare(example, status, findings, has_cases=isinstance(rule.check, CasesSpec))


def run_examples(rules: list[Rule]) -> list[ExampleResult]:
    """Every example of every rule."""
    return [run_example(rule, example) for rule in rules for example in rule.examples]
