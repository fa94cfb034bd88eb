"""The hooks' ``files:`` pattern and discovery agree: every name discovery reads starts the hook, and
no near miss does (a name the hook skips is a commit the gate never sees)."""

from __future__ import annotations

import itertools
import re

import pytest
import yaml

from linter.model.discovery import MANIFEST_NAMES, classify
from tests.conftest import ROOT

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())


def _reads(path: str) -> bool:
    """Whether discovery reads ``path`` as a file of its instance."""
    name = path.rsplit("/", 1)[-1]
    relative = f"app/etc/{name}" if f"/{path}".endswith(f"/app/etc/{name}") else name
    return name in MANIFEST_NAMES or classify(relative) is not None or classify(name) is not None


def _cases(text: str) -> set[str]:
    """A few spellings of ``text``: as written, upper, title, and one letter flipped."""
    return {text, text.upper(), text.title(), text[:1].swapcase() + text[1:]}


DUMPS = [
    f"{prefix}{role}.{ext}"
    for prefix, role, ext in itertools.product(
        ["", "production.", "eu-prod_2."], ["env", "config"], ["yaml", "yml", "json"]
    )
]
FIXED = [
    "app/etc/env.php",
    "app/etc/config.php",
    "env.php",
    "config.php",
    "environment.json",
    ".env",
    ".magento.app.yaml",
    "config-show.txt",
    "instance.yaml",
    "instance.yml",
]
NEAR_MISSES = [
    "env.yaml.bak",
    "myenv.yaml",
    "env.yaml~",
    "env-prod.yaml",
    "config.xml",
    "Model/Config.php",  # a PHP class in every Magento module: the hook must not run on it
    "environment.yaml",
    ".env.local",
    "instance.json",
    "production.env.php.orig",
]


@pytest.mark.parametrize("hook", HOOKS, ids=[hook["id"] for hook in HOOKS])
def test_the_hook_starts_on_every_name_discovery_reads_and_no_other(hook: dict[str, object]) -> None:
    pattern = re.compile(str(hook["files"]))
    names = [spelled for name in DUMPS + FIXED for spelled in _cases(name)] + NEAR_MISSES
    for directory in ("", "fleet/production/", "a/b/c/"):
        for name in names:
            path = directory + name
            assert bool(pattern.search(path)) == _reads(path), path


def test_upper_case_dumps_are_read_and_so_start_the_hook() -> None:
    # The gap this pins: discovery reads prod.ENV.yaml (case-insensitive), the hook used to skip it.
    assert _reads("fleet/production/prod.ENV.yaml")
    assert all(re.search(str(hook["files"]), "fleet/production/prod.ENV.yaml") for hook in HOOKS)


def test_both_hooks_end_their_arguments_before_the_file_names() -> None:
    for hook in HOOKS:
        assert str(hook["entry"]).split()[-1] == "--", hook["id"]
