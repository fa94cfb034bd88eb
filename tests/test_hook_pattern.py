"""The hooks' ``files:`` pattern and the format registry agree: every name the registry reads starts the
hook, and no near miss does (a name the hook skips is a commit the gate never sees)."""

from __future__ import annotations

import itertools
import re

import pytest
import yaml

from linter.formats import FORMATS, recognise
from tests.conftest import ROOT

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())


def _reads(path: str) -> bool:
    """Whether discovery reads ``path`` as a file of its instance."""
    name = path.rsplit("/", 1)[-1]
    relative = f"app/etc/{name}" if f"/{path}".endswith(f"/app/etc/{name}") else name
    return recognise(relative) is not None or recognise(name) is not None


def _cases(text: str) -> set[str]:
    """A few spellings of ``text``: as written, upper, title, and one letter flipped."""
    return {text, text.upper(), text.title(), text[:1].swapcase() + text[1:]}


# Every name the registry reads: its fixed names, and its typed names with and without a type prefix.
FIXED = [name for kind in FORMATS if not kind.typed for name in kind.names]
DUMPS = [
    f"{prefix}{name}"
    for kind in FORMATS
    if kind.typed
    for name, prefix in itertools.product(kind.names, ["", "production.", "eu-prod_2."])
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
    "env.php.sample",
    "a.b.env.yaml",  # a type prefix holds no dot
    "prod env.yaml",
    "app/etc/env.php/x",
    "config-show.txt.old",
]


@pytest.mark.parametrize("hook", HOOKS, ids=[hook["id"] for hook in HOOKS])
def test_the_hook_starts_on_every_name_the_registry_reads_and_no_other(hook: dict[str, object]) -> None:
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


def test_the_registry_names_what_the_hook_test_enumerates() -> None:
    # The enumeration must not come up empty (a test over no names passes whatever the pattern says).
    assert {"app/etc/env.php", ".env", "instance.yaml", "config-show.txt"} <= set(FIXED)
    assert {"env.yaml", "production.config.json", "eu-prod_2.env.yml"} <= set(DUMPS)


def test_both_hooks_share_one_pattern() -> None:
    assert len({str(hook["files"]) for hook in HOOKS}) == 1


def test_both_hooks_end_their_arguments_before_the_file_names() -> None:
    for hook in HOOKS:
        assert str(hook["entry"]).split()[-1] == "--", hook["id"]
