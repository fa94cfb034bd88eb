"""One discovery over a listing: the disk and a git tree (the index, a revision) give the same
instances with the same files in the same order, on varied layouts and through the inventory."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from linter.gitstate import INDEX, GitTree
from linter.model.discovery import InstanceSpec, discover, discover_in_tree, inventory_specs, named_as_input
from linter.model.inventory import matches
from linter.model.listing import DiskFolders, TreeFolders
from linter.model.scope import ReadScope
from linter.settings import InventoryEntry
from tests.model.instances import write

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

ENV_PHP = "<?php\nreturn [\n    'MAGE_MODE' => 'production',\n];\n"
DUMP = "system:\n  default:\n    web:\n      secure:\n        use_in_adminhtml: '1'\n"

LAYOUT = {
    "fleet/prod/app/etc/env.php": ENV_PHP,
    "fleet/prod/env.yaml": DUMP,  # two env layers: their order is the listing's, on both sides
    "fleet/prod/instance.yaml": "name: shop-prod\n",
    "fleet/eu/app/etc/env.yaml": DUMP,  # a dump in app/etc: its own folder is the instance
    "fleet/stray/env.yaml/inner/env.yml": DUMP,  # a folder named env.yaml, and an instance below it
    "fleet/stray/env.yaml/notes.txt": "x\n",
    "fleet/us/live.config.json": '{"modules": {}}',
    "fleet/us/.env": "CONFIG__DEFAULT__WEB__SECURE__USE_IN_ADMINHTML=1\n",
    "fleet/dumps/prod-eu.yaml": DUMP,  # no instance file: read only when named
    "fleet/.cache/env.yaml": DUMP,
    "fleet/tools/vendor/x/env.yaml": DUMP,
    "deploy/eu/live.php": ENV_PHP,
    "deploy/eu/sub/nested.php": ENV_PHP,  # '*' stays within one folder
    "deploy/eu/.env": "CONFIG__DEFAULT__A__B=1\n",  # '*' matches a hidden name, as pathlib's glob does
    "deploy/us/a/b/env.php": ENV_PHP,
    "deploy/us/config1.json": "{}",
    "deploy/us/config2.json": "{}",
}


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write(tmp_path, LAYOUT)
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "layout")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _shape(specs: list[InstanceSpec]) -> list[tuple[object, ...]]:
    """What discovery decided, leaving out where the bytes come from (disk or blob) and how it is shown."""
    return [
        (
            spec.name,
            Path(spec.directory).as_posix(),
            tuple(
                (Path(os.path.relpath(f.path)).as_posix(), f.role, f.format, f.shared, f.env_type_hint)
                for f in spec.files
            ),
            spec.manifest is not None,
            len(spec.errors),
        )
        for spec in specs
    ]


def _trees(repo: Path) -> list[GitTree]:
    return [GitTree(repo, INDEX, kept=named_as_input), GitTree(repo, "HEAD", kept=named_as_input)]


@pytest.mark.parametrize(
    "paths",
    [
        ["fleet"],
        ["."],
        ["fleet/prod"],
        ["fleet/stray"],
        ["fleet/.cache"],  # a hidden folder is read when named
        ["fleet/prod/app/etc/env.php"],
        ["fleet/eu/app/etc/env.yaml"],
        ["fleet/dumps/prod-eu.yaml"],
        ["fleet", "fleet/prod/app/etc/env.php"],
    ],
)
def test_the_disk_and_a_tree_find_the_same_instances(repo: Path, paths: list[str]) -> None:
    on_disk = _shape(discover(paths))
    assert on_disk, "each layout finds something"
    for tree in _trees(repo):
        assert _shape(discover_in_tree(paths, tree)) == on_disk, tree.label


def test_the_layout_reads_as_a_scan_should(repo: Path) -> None:
    shape = {name: files for name, _, files, _, _ in _shape(discover(["fleet"]))}
    assert sorted(shape) == ["etc", "inner", "prod", "stray", "us"]
    prod = [(path.rsplit("/", 1)[-1], role) for path, role, *_ in shape["prod"]]
    assert prod == [("env.yaml", "env"), ("env.php", "env")]  # the folder's names first, then app/etc
    assert [path for path, *_ in shape["us"]] == ["fleet/us/.env", "fleet/us/live.config.json"]
    (standalone,) = discover(["fleet/dumps/prod-eu.yaml"])
    assert (standalone.name, standalone.files[0].env_type_hint) == ("prod-eu", "production")


INVENTORY = (
    InventoryEntry("eu", ({"path": "deploy/eu/*.php", "role": "env"}, {"path": "deploy/eu/*env"})),
    InventoryEntry(
        "us", ({"path": "deploy/us/**/*.php"}, {"path": "deploy/us/config?.json", "role": "config"})
    ),
    InventoryEntry("one", ({"path": "deploy/us/config[2].json", "role": "config"},)),
    InventoryEntry("up", ({"path": "deploy/eu/../us/a/b/env.php"},)),
)


def test_the_inventory_matches_the_same_files_on_the_disk_and_in_a_tree(repo: Path) -> None:
    on_disk = inventory_specs(INVENTORY, repo)
    assert [[Path(f.path).relative_to(repo).as_posix() for f in spec.files] for spec in on_disk] == [
        ["deploy/eu/live.php", "deploy/eu/.env"],
        ["deploy/us/a/b/env.php", "deploy/us/config1.json", "deploy/us/config2.json"],
        ["deploy/us/config2.json"],
        ["deploy/eu/../us/a/b/env.php"],
    ]
    for tree in _trees(repo):
        in_tree = inventory_specs(INVENTORY, repo, tree=tree)
        assert _shape(in_tree)[:3] == _shape(on_disk)[:3], tree.label
        # A tree has no folder above its root to go up from; inside it, '..' is read alike.
        assert [f.blob for f in in_tree[3].files] == ["deploy/us/a/b/env.php"]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("deploy/*/live.php", ["deploy/eu/live.php"]),
        ("deploy/**/env.php", ["deploy/us/a/b/env.php"]),
        ("**/nested.php", ["deploy/eu/sub/nested.php"]),
        ("deploy/eu/sub", []),  # a folder is not a file
        ("deploy/nothing/*.php", []),
        ("./deploy//eu/live.php", ["deploy/eu/live.php"]),
        ("Deploy/eu/live.php", []),  # case-sensitive, as on a POSIX disk
    ],
)
def test_one_glob_over_both_listings(repo: Path, pattern: str, expected: list[str]) -> None:
    assert matches(pattern, DiskFolders(repo, ReadScope())) == expected
    assert matches(pattern, TreeFolders(GitTree(repo, INDEX), ["."])) == expected


@pytest.mark.parametrize("pattern", ["", ".", "a**/env.php", "deploy/**x/env.php"])
def test_an_unusable_glob_is_refused_alike(repo: Path, pattern: str) -> None:
    for folders in (DiskFolders(repo, ReadScope()), TreeFolders(GitTree(repo, INDEX), ["."])):
        with pytest.raises(ValueError, match="is not a usable glob"):
            matches(pattern, folders)


def test_a_one_file_check_lists_one_folder_and_those_above_it(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The pre-commit hook checks one file: its folder (and app/etc) is read, and the folders above it
    # up to the repository's root (a shared config.php there applies), never the tree around it.
    listed: list[str] = []
    real = os.scandir

    def scandir(path: object) -> object:
        listed.append(Path(str(path)).as_posix())
        return real(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", scandir)
    (spec,) = discover(["fleet/prod/app/etc/env.php"])
    assert spec.name == "prod"
    assert sorted(set(listed)) == [".", "fleet", "fleet/prod", "fleet/prod/app", "fleet/prod/app/etc"]
