"""getenv()/$_ENV expressions resolved as PHP computes them, from the instance's environment capture."""

from __future__ import annotations

from typing import Any

import pytest

from linter.loaders.document import Document
from linter.model.dynamic import Environment, parse, resolve_expression, truthy


def _environment(**values: Any) -> Environment:
    environment = Environment()
    environment.add(Document("environment.json", "environment", values))
    return environment


ENV = _environment(SET="value", EMPTY="", ZERO="0", NUM="42", TEXTNUM="12abc", WORD="false", SPACE=" ")


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("getenv('SET')", "value"),
        ('getenv("SET")', "value"),
        ("GETENV( 'SET' )", "value"),  # PHP function names are case-insensitive
        ("\\getenv('SET')", "value"),
        ("$_ENV['SET']", "value"),
        ("$_SERVER['SET']", "value"),
        ('$_ENV [ "SET" ]', "value"),
        ("getenv('EMPTY') ?: 'fallback'", "fallback"),
        ("getenv('ZERO') ?: 'fallback'", "fallback"),  # '0' is falsy in PHP
        ("getenv('WORD') ?: 'fallback'", "false"),  # 'false' is a non-empty string: truthy
        ("getenv('SPACE') ?: 'fallback'", " "),
        ("getenv('SET')?:'fallback'", "value"),
        ("getenv('EMPTY') ?: getenv('SET') ?: 'z'", "value"),
        ("getenv('EMPTY') ?: getenv('ZERO') ?: 'z'", "z"),
        ("$_ENV['EMPTY'] ?? 'lit'", ""),  # ?? tests for null: an empty variable wins
        ("$_ENV['SET'] ?? 'lit'", "value"),
        ("(int) getenv('NUM')", 42),
        ("(integer)getenv('TEXTNUM')", 12),
        ("(int) getenv('SET')", 0),
        ("( int ) getenv('EMPTY')", 0),
        ("(bool) getenv('ZERO')", False),
        ("(bool) getenv('WORD')", True),
        ("(boolean) getenv('EMPTY')", False),
        ("(string) getenv('NUM')", "42"),
        ("(int) (getenv('EMPTY') ?: '7')", 7),
        ("getenv('EMPTY') ?: 5", 5),
        ("getenv('EMPTY') ?: true", True),
        ("getenv('EMPTY') ?: null", None),
        ("getenv('EMPTY') ?: 'it\\'s'", "it's"),
        ("getenv('EMPTY') ?: \"a\\tb\"", "a\tb"),
    ],
)
def test_resolved_as_php_computes_it(expression: str, value: Any) -> None:
    resolution = resolve_expression(expression, ENV)
    assert resolution is not None
    assert resolution.value == value and type(resolution.value) is type(value)


@pytest.mark.parametrize(
    "expression",
    [
        "getenv('UNNAMED')",  # the capture does not say: the real process may have it
        "getenv('UNNAMED') ?: 'fallback'",
        "$_ENV['UNNAMED'] ?? 'lit'",
        "getenv('EMPTY') ?: getenv('UNNAMED')",
        "$_env['SET']",  # PHP variable names are case-sensitive: another variable
        "getenv('SET') . 'suffix'",
        "getenv('SET', true)",
        "getenv($name)",
        "getenv()",
        "(float) getenv('NUM')",
        "isset($_ENV['SET']) ? $_ENV['SET'] : 'x'",
        "'constant'",  # reads no variable: not ours to fold
        "'a' ?: getenv('SET')",
        'getenv("$SET")',  # interpolation
        "getenv('EMPTY') ?: \"\\x41\"",
        "PHP_EOL",
        "getenv('SET'",
        "getenv('SET'))",
        "(int) " * 40 + "getenv('NUM')",  # nested past the limit
        "getenv('EMPTY')" + " ?? 1" * 600,  # right-nested chains recurse too
        "getenv('EMPTY')" + " ?: ''" * 600,
        "(" * 600 + "getenv('NUM')" + ")" * 600,
        "getenv('SET') ?: '" + "x" * 5000 + "'",  # longer than ever resolved
        "",
    ],
)
def test_anything_else_stays_unknown(expression: str) -> None:
    assert resolve_expression(expression, ENV) is None


@pytest.mark.parametrize("number", ["9" * 5000, "1e999", "-1e400", "99999999999999999999"])
def test_an_integer_cast_past_64_bits_stays_unknown(number: str) -> None:
    assert resolve_expression("(int) getenv('BIG')", _environment(BIG=number)) is None


def test_the_right_side_is_read_only_when_php_needs_it() -> None:
    # PHP never evaluates the fallback of a truthy left side: an unnamed variable there does not matter.
    resolution = resolve_expression("getenv('SET') ?: getenv('UNNAMED')", ENV)
    assert resolution is not None and resolution.value == "value"


def test_origin_names_the_variable_that_decided_and_whether_the_fallback_was_used() -> None:
    direct = resolve_expression("getenv('SET') ?: 'x'", ENV)
    fallback = resolve_expression("getenv('ZERO') ?: 'x'", ENV)
    chained = resolve_expression("getenv('EMPTY') ?: getenv('NUM')", ENV)
    assert direct is not None and fallback is not None and chained is not None
    assert direct.origin.label() == "SET from environment.json"
    assert fallback.origin.label() == "fallback, ZERO empty or 0 in environment.json"
    assert (chained.origin.variable, chained.origin.fallback) == ("NUM", False)


def test_the_later_capture_wins_and_non_string_values_are_not_taken() -> None:
    environment = Environment()
    environment.add(Document(".env", "dotenv", {"A": "first", "B": "kept"}))
    environment.add(
        Document("environment.json", "environment", {"A": "second", "B": None, "N": 3, "T": True})
    )
    assert environment.values == {"A": "second", "B": "kept", "N": "3"}
    assert environment.files["A"] == "environment.json" and environment.files["B"] == ".env"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", False), ("0", False), (0, False), (False, False), (None, False), ("0.0", True), ("false", True)],
)
def test_truthiness_is_php_s(value: Any, expected: bool) -> None:
    assert truthy(value) is expected


def test_coalesce_binds_tighter_than_the_short_ternary() -> None:
    assert parse("getenv('A') ?: $_ENV['B'] ?? 'c'") == (
        "elvis",
        ("env", "A"),
        ("coalesce", ("env", "B"), ("lit", "c")),
    )


@pytest.mark.parametrize("noise", ["\x00", "\udcff", "'\n", "((((", "?:", "??", "]", "'unterminated"])
def test_odd_text_never_raises(noise: str) -> None:
    assert resolve_expression(noise, ENV) is None
    assert resolve_expression(f"getenv('SET') ?: {noise}", ENV) is None
