"""The hooks' ``files:`` pattern and the format registry agree: every name the registry reads starts the
hook, and no near miss does (a name the hook skips is a commit the gate never sees). The pattern is
generated from the registry (``python -m linter.formats --write``); a stale hooks file fails here."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from linter.formats import FORMATS, hook_pattern, recognise, with_hook_pattern
from tests.conftest import ROOT

HOOKS_FILE = ROOT / ".pre-commit-hooks.yaml"
HOOKS = yaml.safe_load(HOOKS_FILE.read_text())


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
# Per-scope config:show captures, which recognise() reads by pattern rather than by a fixed name.
SCOPED = [
    "config-show.websites.eu.txt",
    "config-show.stores.de_store.txt",
    "config-show.website.base.txt",
    "config-show.default.txt",
]
NEAR_MISSES = [
    "config-show.websites.eu.txt.bak",
    "config-show.sites.eu.txt",
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
    "env.php.sample",  # a template is read when named, never discovered: no hook run for it
    "env.php.dist",
    "config.php.dist",
    "env.docker.php",
    ".magento.env.yml",
    "magento.env.yaml",
    "prod..magento.env.yaml",
    "a.b.env.yaml",  # a type prefix holds no dot
    "prod env.yaml",
    "app/etc/env.php/x",
    "config-show.txt.old",
]


@pytest.mark.parametrize("hook", HOOKS, ids=[hook["id"] for hook in HOOKS])
def test_the_hook_starts_on_every_name_the_registry_reads_and_no_other(hook: dict[str, object]) -> None:
    pattern = re.compile(str(hook["files"]))
    names = [spelled for name in DUMPS + FIXED + SCOPED for spelled in _cases(name)] + NEAR_MISSES
    for directory in ("", "fleet/production/", "a/b/c/"):
        for name in names:
            path = directory + name
            assert bool(pattern.search(path)) == _reads(path), path


def test_upper_case_dumps_are_read_and_so_start_the_hook() -> None:
    # The gap this pins: discovery reads prod.ENV.yaml (case-insensitive), the hook used to skip it.
    assert _reads("fleet/production/prod.ENV.yaml")
    assert all(re.search(str(hook["files"]), "fleet/production/prod.ENV.yaml") for hook in HOOKS)


def test_a_scoped_config_show_capture_starts_the_hook() -> None:
    # The gap this pins: a commit that only edits config-show.websites.eu.txt skipped both hooks.
    assert _reads("fleet/production/config-show.websites.eu.txt")
    assert all(
        re.search(str(hook["files"]), "fleet/production/config-show.websites.eu.txt") for hook in HOOKS
    )


def test_the_registry_names_what_the_hook_test_enumerates() -> None:
    # The enumeration must not come up empty (a test over no names passes whatever the pattern says).
    assert {"app/etc/env.php", ".env", "instance.yaml", "config-show.txt"} <= set(FIXED)
    assert {"env.yaml", "production.config.json", "eu-prod_2.env.yml"} <= set(DUMPS)


def test_both_hooks_share_one_pattern() -> None:
    assert len({str(hook["files"]) for hook in HOOKS}) == 1


def test_both_hooks_read_the_instances_from_git_not_from_file_names() -> None:
    # pre-commit splits a file list across runs: each run would print its instances' findings again.
    for hook in HOOKS:
        assert hook["pass_filenames"] is False and "--pre-commit" in str(hook["entry"]).split(), hook["id"]


def test_the_hooks_file_holds_the_pattern_the_registry_generates() -> None:
    # A new format in linter/formats.py changes the pattern; the committed hooks must follow.
    stale = [str(hook["id"]) for hook in HOOKS if hook["files"] != hook_pattern()]
    assert not stale, f"{HOOKS_FILE.name} is stale for {stale}: run `python -m linter.formats --write`"


def test_regenerating_keeps_comments_and_every_other_line(tmp_path: Path) -> None:
    text = HOOKS_FILE.read_text()
    old = text.replace(hook_pattern(), r"(^|/)(env\.php)$", 1)
    assert old != text  # the pattern is in the file as generated
    updated = with_hook_pattern(old)
    assert updated == text
    assert [line for line in updated.splitlines() if line.lstrip().startswith("#")] == [
        line for line in text.splitlines() if line.lstrip().startswith("#")
    ]
    copy = tmp_path / ".pre-commit-hooks.yaml"
    copy.write_text(old)
    done = subprocess.run(
        [sys.executable, "-m", "linter.formats", "--write", str(copy)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert copy.read_text() == text
    printed = subprocess.run(
        [sys.executable, "-m", "linter.formats", "--hook-pattern"], capture_output=True, text=True, cwd=ROOT
    )
    assert printed.stdout.strip() == hook_pattern()


def test_a_hooks_file_without_the_anchored_files_line_is_refused() -> None:
    with pytest.raises(ValueError, match="instance-files"):
        with_hook_pattern("- id: commerce-lint\n  files: x\n")


def test_the_generated_pattern_reads_the_new_cloud_file() -> None:
    # .magento.env.yaml came with its registry entry only; the hooks start on it at any depth.
    assert recognise(".magento.env.yaml") is not None
    assert re.search(hook_pattern(), "projects/shop/.magento.env.yaml")
