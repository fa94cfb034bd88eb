"""A user's rule file for tests: one instance rule with one failing case, in a folder for ``--rules``."""

from __future__ import annotations

from pathlib import Path


def instance_rule(folder: Path, rule_id: str, fail_if: str, message: str, rationale: str = "testing") -> Path:
    """Write ``folder/<rule_id>.yaml``; ``fail_if`` is a YAML flow mapping (the condition is on line 10)."""
    folder.mkdir(exist_ok=True)
    path = folder / f"{rule_id}.yaml"
    path.write_text(
        f"id: {rule_id}\ntitle: A test rule\nseverity: error\nlevel: instance\n"
        f"rationale: {rationale}\nsource: [{{document: test}}]\nremediation: fix the value\n"
        "check:\n  cases:\n"
        f"    - fail_if: {fail_if}\n      message: {message}\n"
        "examples: [{name: a, expect: pass}, {name: b, expect: fail}]\n"
    )
    return path
