"""Values compared as Magento compares them (strings), config-path globs, and settings as flattened."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from linter.model.paths import DEFAULT_SCOPE, Scope, glob_regex, globs_pattern, is_global, matches_any
from linter.model.values import comparable_text, config_string, is_blank, is_enabled
from tests.model.instances import load


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("a", "a"),
        (True, "1"),
        (False, "0"),
        (5, "5"),
        (0, "0"),
        (2.0, "2"),
        (2.5, "2.5"),
        (None, None),
        ([1], None),
        ({"a": 1}, None),
    ],
)
def test_config_string(raw: object, text: str | None) -> None:
    assert config_string(raw) == text


@pytest.mark.parametrize(
    ("value", "enabled"),
    [
        ("1", True),
        ("true", True),
        ("yes", True),
        (" 2 ", True),
        ("0", False),
        ("", False),
        ("false", True),  # PHP's (bool): only '' and '0' are false strings
        ("No", True),
        (" OFF ", True),
        (None, False),
    ],
)
def test_is_enabled(value: str | None, enabled: bool) -> None:
    assert is_enabled(value) is enabled


def test_is_blank() -> None:
    assert is_blank(None) and is_blank("") and is_blank(" \t\n")
    assert not is_blank("0") and not is_blank(" x ")


def test_comparable_text() -> None:
    assert comparable_text("  a b  ") == "a b"
    one_line = "-----BEGIN PRIVATE KEY-----\\nAB CD\\r\\nEF\\n-----END PRIVATE KEY-----"
    wrapped = "-----BEGIN PRIVATE KEY-----\nAB\nCDEF\n-----END PRIVATE KEY-----\n"
    assert (
        comparable_text(one_line)
        == comparable_text(wrapped)
        == ("-----BEGINPRIVATEKEY-----ABCDEF-----ENDPRIVATEKEY-----")
    )


@pytest.mark.parametrize(
    ("path", "globs", "expected"),
    [
        ("payment/a/b", ("payment/*/b",), True),
        ("payment/a/c/b", ("payment/*/b",), False),
        ("payment/a/c/b", ("payment/**/b",), True),
        ("payment/a/b", ("payment/**",), True),
        ("payment/a/b", ("payment/a",), False),
        ("payment/a/bx", ("payment/a/b",), False),
        ("x/payment/a/b", ("payment/**",), False),
        ("pay.ment/a", ("pay.ment/*",), True),
        ("payXment/a", ("pay.ment/*",), False),
        ("a/b", ("x/*", "a/*"), True),
        ("a-b/c", ("**-**-**/c", "a-b/*"), True),  # more than one backtracking wildcard: the RE2 path
        ("a-b/c", ("**x**y**/c",), False),
        ("ax.yb/c", ("**x.y**/*",), True),
        ("axZyb/c", ("**x.y**/*",), False),  # a dot is a dot on the RE2 path too
        ("é+/c", ("**é+**/*",), True),
        ("é+/c", ("**e+**/*",), False),
        # only a final wildcard: matched as strings, with the same meaning
        ("web/a", ("web/*",), True),
        ("web/a/b", ("web/*",), False),
        ("web/", ("web/*",), True),
        ("web", ("web/*",), False),
        ("webx/a", ("web/*",), False),
        ("web/a/b", ("web/**",), True),
        ("web", ("web/**",), False),
        ("anything/at/all", ("**",), True),
        ("top", ("*",), True),
        ("top/level", ("*",), False),
        ("web/a", ("web/a", "x/**"), True),
        ("web/ab", ("web/a", "x/**"), False),
        ("x/y", ("web/a", "x/**"), True),
        ("web/a/b", ("web/*", "pay/**", "web/a/b"), True),
        # whole-segment wildcards: strings too
        ("payment/x/active", ("payment/*/active",), True),
        ("payment//active", ("payment/*/active",), True),
        ("payment/x/y/active", ("payment/*/active",), False),
        ("payment/x/activex", ("payment/*/active",), False),
        ("a/b/c", ("*/*/*",), True),
        ("a/b", ("*/*/*",), False),
        # plain and other globs together
        ("pay/k_private_key", ("web/**", "pay/*_private_key"), True),
        ("web/x", ("web/**", "pay/*_private_key"), True),
        ("pay/k_public_key", ("web/**", "pay/*_private_key"), False),
        ("a-b-x/c", ("web/*", "**-**-**/c"), True),
        ("a-b/c", ("web/*", "**-**-**/c"), False),
    ],
)
def test_globs(path: str, globs: tuple[str, ...], expected: bool) -> None:
    assert matches_any(path, globs) is expected
    assert (globs_pattern(globs).match(path) is not None) is expected
    # the meaning is the glob's, whichever matcher is chosen: the regular expression agrees
    assert (re.match("|".join(f"(?:{glob_regex(g)})" for g in globs), path, re.S) is not None) is expected


def test_global_sections_and_scope_forms() -> None:
    assert is_global("services_connector/a/b") and is_global("magento_saas/environment")
    assert not is_global("payment/services_connector/x") and not is_global("services_connector_x/a")
    assert Scope("websites", "eu").qualify("a/b") == "websites/eu/a/b"
    assert DEFAULT_SCOPE.qualify("a/b") == "a/b"
    assert Scope("stores", "de").label == "stores/de" and DEFAULT_SCOPE.label == "default"
    assert Scope("stores", "de").key_path("a/b") == ("system", "stores", "de", "a", "b")
    assert DEFAULT_SCOPE.key_path("a/b") == ("system", "default", "a", "b")


def test_settings_are_flattened_per_scope_with_their_key_paths(tmp_path: Path) -> None:
    env = (
        "system:\n"
        "  default: {a: {b: {c: '1', empty: {}}, 'x/y': {z: '2'}}}\n"
        "  websites: {EU: {a: {b: {c: '3'}}}, bad: 'not a mapping'}\n"
        "  stores: {de: {a: {b: {c: 4}}}}\n"
        "  other: {a: {b: {c: '5'}}}\n"
    )
    instance = load(tmp_path / "i", {"env.yaml": env})
    found = {(s.scope, s.path): (s.value, s.key_path) for s in instance.settings}
    assert found == {
        (DEFAULT_SCOPE, "a/b/c"): ("1", ("system", "default", "a", "b", "c")),
        (DEFAULT_SCOPE, "a/x/y/z"): ("2", ("system", "default", "a", "x/y", "z")),
        (Scope("websites", "eu"), "a/b/c"): ("3", ("system", "websites", "EU", "a", "b", "c")),
        (Scope("stores", "de"), "a/b/c"): ("4", ("system", "stores", "de", "a", "b", "c")),
    }
    assert instance.value("a/b/c", Scope("websites", "eu")).location.line == 3  # type: ignore[union-attr]
    assert instance.value("a/x/y/z").location.line == 2  # type: ignore[union-attr]


def test_variables_decode_scope_and_path(tmp_path: Path) -> None:
    variables = {
        "CONFIG__DEFAULT__A__B__C": "1",
        "CONFIG__WEBSITES__EU__A__B__C": "2",
        "CONFIG__STORES__DE__A__B__C": "3",
        "OTHER": "x",
        "CONFIG__NOPE": "y",
    }
    instance = load(tmp_path / "i", {"environment.json": json.dumps(variables)})
    found = sorted((s.scope.label, s.path, s.value, s.variable) for s in instance.settings)
    assert found == [
        ("default", "a/b/c", "1", "CONFIG__DEFAULT__A__B__C"),
        ("stores/de", "a/b/c", "3", "CONFIG__STORES__DE__A__B__C"),
        ("websites/eu", "a/b/c", "2", "CONFIG__WEBSITES__EU__A__B__C"),
    ]
    value = instance.value("a/b/c")
    assert value.scoped_path == "a/b/c" and value.location is not None
    assert value.location.variable == "CONFIG__DEFAULT__A__B__C" and value.location.line == 1


def test_a_system_section_that_is_not_a_mapping_gives_no_settings(tmp_path: Path) -> None:
    assert load(tmp_path / "a", {"env.yaml": "system: [1, 2]\n"}).settings == []
    assert load(tmp_path / "b", {"env.yaml": "system: {default: 'x', websites: [1]}\n"}).settings == []
