"""The reference tables of docs/rules.md, generated from the registries of the rule language.

``python -m linter.checks.reference`` rewrites each marked section of docs/rules.md;
``--check`` only says whether they are up to date (exit 1 when not). Never imported by a run.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from linter.checks.cases import ITERATORS
from linter.checks.conditions import CONDITIONS
from linter.checks.fleet_spec import COMMON_VARIABLES, FLEET_KINDS, FLEET_VARIABLES
from linter.checks.kinds import CHECK_KINDS
from linter.checks.predicates import PREDICATES
from linter.checks.templates import FUNCTIONS

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
_SECTION = re.compile(
    r"(<!-- generated:(?P<name>[a-z-]+):start[^>]*-->\n)(.*?)(<!-- generated:(?P=name):end -->)", re.S
)


def _table(head: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _code(text: str) -> str:
    return f"`{text}`"


def _check_kinds() -> str:
    return _table(("key", "kind"), [(_code(name), kind.meaning) for name, kind in CHECK_KINDS.items()])


def _iterators() -> str:
    rows = [("`[a, b, ...]`", "each listed value, as text", "`{name}`")]
    for kind in ITERATORS.values():
        shown = sorted(kind.attributes | {""})
        attributes = ", ".join(_code("{name" + (f".{a}" if a else "") + "}") for a in shown)
        rows.append((_code(kind.syntax), kind.meaning, attributes))
    return _table(("`for_each` value", "the variable takes", "templates may name"), rows)


def _conditions() -> str:
    rows = [("`true` / `false`", "always / never")]
    rows += [(_code(kind.syntax), kind.meaning) for kind in CONDITIONS.values()]
    return _table(("condition", "true when"), rows)


def _predicates() -> str:
    rows = [
        (_code(name), predicate.meaning, ", ".join(_code(result) for result in predicate.results))
        for name, predicate in PREDICATES.items()
    ]
    return _table(("predicate", "judges", "verdicts (`in:`)"), rows)


def _functions() -> str:
    rows = [
        (_code("{" + f"{name}:{function.argument}" + "}"), function.meaning)
        for name, function in FUNCTIONS.items()
    ]
    return _table(("placeholder", "shows"), rows)


def _fleet_kinds() -> str:
    rows = [
        (
            _code(name),
            kind.fails_when,
            ", ".join(_code(key) for key in kind.keys),
            ", ".join(_code("{" + variable + "}") for variable in kind.variables),
        )
        for name, kind in FLEET_KINDS.items()
    ]
    table = _table(("kind", "fails when", "extra keys", "placeholders"), rows)
    common = ", ".join(_code("{" + variable + "}") for variable in COMMON_VARIABLES)
    variables = _table(
        ("placeholder", "shows"),
        [(_code("{" + name + "}"), meaning) for name, meaning in FLEET_VARIABLES.items()],
    )
    return f"{table}\nEvery kind also offers the `for_each` variables and {common}:\n\n{variables}"


SECTIONS: dict[str, Callable[[], str]] = {
    "check-kinds": _check_kinds,
    "iterators": _iterators,
    "conditions": _conditions,
    "predicates": _predicates,
    "placeholders": _functions,
    "fleet-kinds": _fleet_kinds,
}


def regenerate(text: str) -> str:
    """``text`` with every marked section rewritten from the registries."""

    def section(match: re.Match[str]) -> str:
        build = SECTIONS.get(match.group("name"))
        if build is None:
            raise ValueError(f"unknown generated section {match.group('name')!r}")
        return match.group(1) + build() + match.group(4)

    return _SECTION.sub(section, text)


def sections_in(text: str) -> set[str]:
    """The names of the marked sections ``text`` has."""
    return {match.group("name") for match in _SECTION.finditer(text)}


def main(argv: list[str]) -> int:
    """Rewrite docs/rules.md (or with ``--check``, exit 1 when it is out of date)."""
    text = DOCS.read_text(encoding="utf-8")
    fresh = regenerate(text)
    if "--check" in argv:
        if fresh != text:
            print(f"{DOCS}: out of date; run python -m linter.checks.reference", file=sys.stderr)
            return 1
        return 0
    if fresh != text:
        DOCS.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
