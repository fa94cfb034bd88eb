"""Compare an example's stated outcome with what its rule found: an exact list, as yamllint's rule tests do.

A failing example lists every finding it expects. Each entry names the finding (the rule case, the config
paths, ``file:line:col`` when the example gives real file text, the instances of a fleet finding) and may
add a severity and a message fragment. A missing, extra or different finding fails the example.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from linter.finding import Finding

# What names a finding; an entry must state each of these that the finding has (``at`` where it is
# known), and nothing else.
IDENTITY = ("case", "paths", "at", "instances")


def compare(
    example: Mapping[str, Any], status: str, findings: Sequence[Finding], *, has_cases: bool
) -> str | None:
    """None when ``findings`` (and the rule's ``status``) are what ``example`` states, else why not."""
    expect = example["expect"]
    if expect != "fail" and "findings" in example:
        return f"only a failing example lists findings (this one expects {expect})"
    if expect == "pass":
        if findings:
            return "expected no findings, got " + _listing(findings, example, has_cases)
        # A pass where the rule does not apply tests nothing: say not_applicable instead.
        return None if status == "pass" else f"expected pass, got {status}"
    if expect == "not_applicable":
        if status == "not_applicable":
            return None
        got = _listing(findings, example, has_cases) if findings else "no findings"
        return f"expected not applicable, got {status}: {got}"
    if not findings:
        return f"expected a finding, got none (rule {status})"
    wanted = list(example.get("findings") or [])
    if not wanted:
        return "a failing example must list the findings it expects"
    return _diff(wanted, [identity(f, example, has_cases) for f in findings], findings)


def identity(finding: Finding, example: Mapping[str, Any], has_cases: bool) -> dict[str, Any]:
    """What names ``finding`` in an example: its case, paths, position in a given file, fleet instances."""
    named: dict[str, Any] = {"paths": list(finding.paths)}
    if has_cases:
        named["case"] = finding.key.split("|", 1)[0]
    at = _at(finding, example)
    if at is not None:
        named["at"] = at
    if finding.instance is None:  # a fleet finding: the instances it points to, in order
        # Once each: a finding may name two settings of one instance (a value and its `with:` partner).
        places = (finding.place, *finding.related)
        instances = list(dict.fromkeys(place.instance for place in places if place.instance))
        if instances:
            named["instances"] = instances
    return named


def _at(finding: Finding, example: Mapping[str, Any]) -> str | None:
    """``file:line:col`` in the example when the finding points into a file given under ``files:``."""
    place = finding.place
    file = place.file
    if file.startswith("<example:") and "/" in file:
        file = file.split("/", 1)[1]
    if file not in _given_files(example) or not place.line:
        return None
    return place.replace(file=file, variable=None).label()


def _given_files(example: Mapping[str, Any]) -> set[str]:
    states = [example.get(key) for key in ("instance", "before", "after")]
    states += list((example.get("fleet") or {}).values())
    return {name for state in states if isinstance(state, dict) for name in state.get("files") or {}}


def _diff(
    wanted: list[dict[str, Any]], named: list[dict[str, Any]], findings: Sequence[Finding]
) -> str | None:
    """Pair each finding with one entry; report the entries left over and the findings nobody expected."""
    pairs = zip(named, findings, strict=True)
    fits = [[i for i, entry in enumerate(wanted) if _matches(entry, name, f)] for name, f in pairs]
    owner: dict[int, int] = {}  # entry -> finding
    for index in range(len(findings)):
        _pair(index, fits, owner, set())
    paired = set(owner.values())
    left = [i for i in range(len(wanted)) if i not in owner]
    extra = [i for i in range(len(findings)) if i not in paired]
    if not left and not extra:
        return None
    # One line (``rules test`` prints one per example): each missing entry, then each unexpected finding.
    parts = [f"missing {_show(wanted[i])}" for i in left]
    parts += [f"unexpected {_show(_full(named[i], findings[i]))}" for i in extra]
    return "findings differ from the example's list: " + "; ".join(parts)


def _pair(finding: int, fits: list[list[int]], owner: dict[int, int], seen: set[int]) -> bool:
    """Give ``finding`` an entry, moving earlier findings to other entries they fit if need be (so a
    loosely stated entry never takes the only entry a stricter finding fits)."""
    for entry in fits[finding]:
        if entry in seen:
            continue
        seen.add(entry)
        if entry not in owner or _pair(owner[entry], fits, owner, seen):
            owner[entry] = finding
            return True
    return False


def _matches(entry: Mapping[str, Any], name: Mapping[str, Any], finding: Finding) -> bool:
    # A position is compared when the entry states one: the same example may run on generated file text
    # (the tests run every example again on PHP), whose positions it cannot know.
    if any(entry.get(key) != name.get(key) for key in IDENTITY if key != "at" or "at" in entry):
        return False
    if "severity" in entry and entry["severity"] != finding.severity.value:
        return False
    return "message" not in entry or str(entry["message"]) in finding.message


def _full(name: Mapping[str, Any], finding: Finding) -> dict[str, Any]:
    return {**name, "severity": finding.severity.value, "message": finding.message}


def _show(entry: Mapping[str, Any]) -> str:
    keys = [key for key in (*IDENTITY, "severity", "message") if key in entry]
    return "{" + ", ".join(f"{key}: {_value(entry[key])}" for key in keys) + "}"


def _value(value: object) -> str:
    if isinstance(value, list | tuple):
        return "[" + ", ".join(str(item) for item in value) + "]"
    return repr(value) if isinstance(value, str) and (" " in value or not value) else str(value)


def _listing(findings: Iterable[Finding], example: Mapping[str, Any], has_cases: bool) -> str:
    return "; ".join(_show(_full(identity(f, example, has_cases), f)) for f in findings)
