"""recognise() matches typed names with string operations; they mean what the documented pattern says."""

from __future__ import annotations

import random
import re

import pytest

from linter import formats
from linter.formats import FORMATS, recognise

# The meaning of a typed name, as the registry documents it: an optional one-word type, then the name,
# case-insensitively.
_TYPED = [
    (re.compile(r"(?:(?P<type>[a-z0-9_-]+)\.)?(?:" + "|".join(map(re.escape, kind.names)) + r")", re.I), kind)
    for kind in FORMATS
    if kind.typed
]


def _documented(name: str) -> tuple[object, ...] | None:
    exact = formats._EXACT.get(name)
    if exact is not None:
        return (exact.role, exact.format, exact.shared, None)
    if re.fullmatch(r"config-show\.(?:websites?|stores?|default)(?:\.[A-Za-z0-9_]+)?\.txt", name, re.I):
        return (formats.Role.CONFIG_SHOW, "config_show", False, None)
    for pattern, kind in _TYPED:
        match = pattern.fullmatch(name)
        if match is not None:
            hint = formats.env_type_from_word(match["type"]) if match["type"] else None
            return (kind.role, kind.format, kind.shared, hint)
    return None


def _names() -> list[str]:
    chosen = random.Random(15)
    made = []
    for _ in range(3000):
        head = "".join(chosen.choice("aEz09_-./ é") for _ in range(chosen.randint(0, 6)))
        made.append(
            head + chosen.choice(["env.yaml", "config.json", "env.yml", "ENV.JSON", "config.yaml", ""])
        )
    return made


@pytest.mark.parametrize(
    "name",
    [
        "env.yaml",
        "ENV.YAML",
        "prod.env.yaml",
        "Prod.Env.Yml",
        "eu-prod.config.json",
        "a.b.env.yaml",
        ".env.yaml",
        "x..env.yaml",
        "app/etc/env.yaml",
        "xenv.yaml",
        "prod env.yaml",
        "config-show.websites.eu.txt",
        "CONFIG-SHOW.Stores.de.TXT",
        "config-show.web.txt",
        "env.php",
        "instance.yaml",
    ],
)
def test_named_cases_mean_what_the_pattern_says(name: str) -> None:
    found = recognise(name)
    got = None if found is None else (found.role, found.format, found.shared, found.env_type_hint)
    assert got == _documented(name)


def test_generated_names_mean_what_the_pattern_says() -> None:
    for name in _names():
        found = recognise(name)
        got = None if found is None else (found.role, found.format, found.shared, found.env_type_hint)
        assert got == _documented(name), name
