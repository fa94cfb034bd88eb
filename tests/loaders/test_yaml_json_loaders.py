"""YAML and JSON dumps: data, positions, duplicates and clean errors on bad input."""

from __future__ import annotations

import pytest

from linter.errors import LoadError
from linter.loaders.document import Position
from linter.loaders.json_loader import load_json
from linter.loaders.yaml_loader import load_yaml

YAML = """\
system:
  default:
    payment:
      payment_services: {active: 1}
      payment_methods:
        method: sandbox
"""


def test_yaml_positions_point_at_keys() -> None:
    document = load_yaml(YAML, "env.yaml")
    assert document.position(("system", "default", "payment", "payment_methods", "method")) == Position(6, 9)
    assert document.position(("system", "default", "payment", "payment_services", "active")) == Position(
        4, 26
    )


def test_position_of_a_missing_key_is_its_nearest_ancestor() -> None:
    document = load_yaml(YAML, "env.yaml")
    assert document.position(("system", "default", "payment", "payment_methods", "nope")) == Position(5, 7)


def test_yaml_scalars_stay_as_written_but_booleans_and_null_are_typed() -> None:
    document = load_yaml("a: 0123\nb: 1.10\nc: yes\nd: ~\ne: '1'\n", "x.yaml")
    assert document.data == {"a": "0123", "b": "1.10", "c": True, "d": None, "e": "1"}


def test_yaml_duplicate_key_names_both_lines() -> None:
    document = load_yaml("a:\n  b: 1\n  b: 2\n", "x.yaml")
    assert document.data == {"a": {"b": "2"}}
    (duplicate,) = document.duplicates
    assert duplicate.path == ("a", "b")
    assert (duplicate.first.line, duplicate.second.line) == (2, 3)


def test_yaml_alias_bomb_is_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    with pytest.raises(LoadError, match="alias"):
        load_yaml("\n".join(lines) + "\n", "bomb.yaml")


@pytest.mark.parametrize("depth", [300, 100_000])
def test_deep_yaml_nesting_is_an_error_not_a_crash(depth: int) -> None:
    with pytest.raises(LoadError, match="nesting"):
        load_yaml("a: " + "[" * depth + "]" * depth + "\n", "deep.yaml")


def test_deep_block_nesting_is_an_error_not_a_crash() -> None:
    text = "".join(" " * i + "k:\n" for i in range(5000))
    with pytest.raises(LoadError):
        load_yaml(text, "deep.yaml")


@pytest.mark.parametrize(
    ("text", "line"),
    [("a: [1, 2\nb: 3\n", 2), ("a: 1\n b: 2\n", 2), ("- 1\n- 2\n", 1), ("a: 1\n---\nb: 2\n", 2)],
)
def test_bad_yaml_names_the_line(text: str, line: int) -> None:
    with pytest.raises(LoadError) as caught:
        load_yaml(text, "bad.yaml")
    assert caught.value.file == "bad.yaml"
    assert caught.value.line == line


def test_yaml_merge_keys_apply() -> None:
    document = load_yaml("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n", "m.yaml")
    assert document.data["other"] == {"x": "1", "y": "3"}


def test_json_positions_and_values() -> None:
    text = '{\n  "system": {\n    "default": {"magento_saas": {"environment": "sandbox"}}\n  }\n}\n'
    document = load_json(text, "env.json")
    assert document.data["system"]["default"]["magento_saas"]["environment"] == "sandbox"
    assert document.position(("system", "default", "magento_saas", "environment")) == Position(3, 34)


def test_json_duplicates_name_both_positions() -> None:
    document = load_json('{"a": {"b": 1,\n "b": 2}}', "d.json")
    assert document.data == {"a": {"b": 2}}
    (duplicate,) = document.duplicates
    assert (duplicate.first.line, duplicate.second.line) == (1, 2)


@pytest.mark.parametrize(
    ("text", "message"),
    [('{"a": }', "invalid JSON"), ("[1, 2]", "not an object"), ("[" * 100_000 + "]" * 100_000, "nesting")],
)
def test_bad_json_is_a_load_error(text: str, message: str) -> None:
    with pytest.raises(LoadError, match=message):
        load_json(text, "bad.json")


def test_json_escaped_keys_and_strings_with_brackets() -> None:
    document = load_json('{"a\\"b": {"c": "x]}{,:"}, "d": [1, {"e": 2}]}', "e.json")
    assert document.position(("d", "1", "e")) is not None
    assert document.data['a"b'] == {"c": "x]}{,:"}


@pytest.mark.parametrize("depth", [1, 1200])  # libyaml (byte offsets), then the pure-Python reader
def test_a_forbidden_character_is_named_with_its_line_and_column(depth: int) -> None:
    text = "été: 1\nb: " + "[" * depth + '"k\x07ey"' + "]" * depth + "\n"
    with pytest.raises(LoadError) as info:
        load_yaml(text, "env.yaml")
    error = info.value
    assert (error.line, error.column) == (2, 6 + depth)
    assert error.message.startswith("invalid YAML: unacceptable character #x0007: ")
    assert "\n" not in error.one_line()
