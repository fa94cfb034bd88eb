"""Discovery over a listing: the disk, a git tree, or the settings inventory find the same instances
with the same files, each made by the one registry (linter/formats.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from linter.formats import Role
from linter.gitstate import INDEX, GitTree
from linter.model.discovery import InstanceSpec, discover, discover_in_tree, inventory_specs, named_as_input
from linter.model.loading import reader_for
from linter.settings import InventoryEntry

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

FLEET = {
    "fleet/prod/app/etc/env.php": "<?php\nreturn ['MAGE_MODE' => 'production'];\n",
    "fleet/prod/app/etc/config.php": "<?php\nreturn ['modules' => []];\n",
    "fleet/prod/instance.yaml": "name: shop-prod\n",
    "fleet/eu/staging.env.yaml": "MAGE_MODE: production\n",
    "fleet/eu/config.json": '{"modules": {}}',
    "fleet/eu/.env": "CONFIG__DEFAULT__WEB__SECURE__USE=1\n",
    "fleet/dev/env.yml": "MAGE_MODE: developer\n",
    "fleet/dev/config-show.txt": "web/secure/use - 1\n",
    "fleet/dev/notes.txt": "not an instance file\n",
    "fleet/.hidden/env.yaml": "MAGE_MODE: developer\n",
}


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def _shape(specs: list[InstanceSpec]) -> list[tuple[object, ...]]:
    """What discovery decided, leaving out where the bytes come from (disk or blob) and how it is shown."""
    return [
        (
            spec.name,
            spec.dir_env_type,
            tuple((Path(f.path).name, f.role, f.format, f.shared, f.env_type_hint) for f in spec.files),
            spec.manifest is not None,
        )
        for spec in specs
    ]


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    _write(tmp_path, FLEET)
    if shutil.which("git"):
        _git(tmp_path, "init", "-q")
        _git(tmp_path, "add", "-A")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_disk_listing_finds_each_instance_with_the_registrys_records(repo: Path) -> None:
    shape = _shape(discover(["fleet"]))
    assert shape == [
        (
            "dev",
            "development",
            (
                ("config-show.txt", "config_show", "config_show", False, None),
                ("env.yml", "env", "yaml", False, None),
            ),
            False,
        ),
        (
            "eu",
            None,
            (
                (".env", "variables", "dotenv", False, None),
                ("config.json", "config", "json", True, None),
                ("staging.env.yaml", "env", "yaml", False, "staging"),
            ),
            False,
        ),
        (
            "prod",
            "production",
            (("config.php", "config", "php", True, None), ("env.php", "env", "php", False, None)),
            True,
        ),
    ]
    assert all(isinstance(f.role, Role) for spec in discover(["fleet"]) for f in spec.files)


@needs_git
def test_a_git_tree_is_walked_to_the_same_instances_as_the_disk(repo: Path) -> None:
    index = GitTree(repo, INDEX, kept=named_as_input)
    in_tree = discover_in_tree(["fleet"], index)
    assert _shape(in_tree) == _shape(discover(["fleet"]))
    assert all(f.blob is not None for spec in in_tree for f in spec.files)
    # The files are read from the index, not the disk: a change left unstaged is not seen.
    (repo / "fleet/dev/env.yml").write_text("MAGE_MODE: production\n")
    dev = next(spec for spec in in_tree if spec.name == "dev")
    read = reader_for(index)
    assert read(next(f for f in dev.files if f.path.name == "env.yml"), 1 << 20) == "MAGE_MODE: developer\n"


class _Listing:
    """A listing held in memory: discovery needs nothing of git but the Listing protocol."""

    def __init__(self, root: Path, paths: list[str]) -> None:
        self.root = root
        self.paths = paths

    def files(self, pathspecs: list[str]) -> list[str]:
        return sorted(
            p
            for p in self.paths
            if any(not s or s == "." or p == s or p.startswith(s + "/") for s in pathspecs)
        )

    def display(self, path: str) -> str:
        return f"listed:{path}"


def test_any_listing_feeds_the_same_discovery(repo: Path) -> None:
    listing = _Listing(repo, sorted(FLEET))
    specs = discover_in_tree(["fleet"], listing)
    assert _shape(specs) == _shape(discover(["fleet"]))
    assert {f.display for spec in specs for f in spec.files} >= {"listed:fleet/eu/.env"}


def test_a_hidden_folder_is_read_only_when_named(repo: Path) -> None:
    listing = _Listing(repo, sorted(FLEET))
    assert {spec.name for spec in discover_in_tree(["fleet"], listing)} == {"dev", "eu", "prod"}
    assert [spec.name for spec in discover_in_tree(["fleet/.hidden"], listing)] == [".hidden"]


@needs_git
def test_the_inventory_feeds_the_same_records_from_the_disk_and_from_a_tree(repo: Path) -> None:
    entries = (
        InventoryEntry("shop", ({"path": "fleet/prod/app/etc/*.php"}, {"path": "fleet/prod/instance.yaml"})),
        InventoryEntry(
            "eu", ({"path": "fleet/eu/*"}, {"path": "fleet/dev/notes.txt", "role": "config_show"})
        ),
    )
    on_disk = inventory_specs(entries, repo)
    in_tree = inventory_specs(entries, repo, tree=GitTree(repo, INDEX, kept=named_as_input))
    assert _shape(in_tree) == _shape(on_disk)
    shop, eu = on_disk
    assert [(f.path.name, f.role) for f in shop.files] == [("config.php", "config"), ("env.php", "env")]
    assert shop.manifest is not None and shop.manifest.role is Role.MANIFEST
    # Stated by the inventory: the name's environment type hint is not taken, a role given wins.
    assert [(f.path.name, f.role, f.env_type_hint) for f in eu.files] == [
        (".env", "variables", None),
        ("config.json", "config", None),
        ("staging.env.yaml", "env", None),
        ("notes.txt", "config_show", None),
    ]


@needs_git
@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_git_keeps_a_link_only_where_the_caller_reads_such_a_name(repo: Path) -> None:
    os.symlink("/etc/hostname", repo / "fleet/dev/env.json")
    os.symlink("elsewhere", repo / "fleet/dev/docs")
    _git(repo, "add", "-A")
    kept = GitTree(repo, INDEX, kept=named_as_input)
    assert "fleet/dev/env.json" in kept.files(["fleet"])  # listed, so that reading it is an error
    assert "fleet/dev/docs" in kept.opaque
    with pytest.raises(Exception, match="symbolic link"):
        kept.read("fleet/dev/env.json", 1 << 20)
    plain = GitTree(repo, INDEX)  # git plumbing alone knows no instance file names
    assert "fleet/dev/env.json" not in plain.files(["fleet"])
    assert "fleet/dev/env.json" in plain.opaque


@pytest.mark.parametrize(
    ("path", "named"),
    [
        ("a/app/etc/env.php", True),
        ("a/app/etc/env.yaml", True),
        ("a/env.yaml", True),
        ("a/instance.yaml", True),
        ("a/app/etc/instance.yaml", False),
        ("a/README.md", False),
        ("a/app/etc/di.xml", False),
    ],
)
def test_named_as_input(path: str, named: bool) -> None:
    assert named_as_input(path) is named


def _imports(module: str) -> set[str]:
    """Every module ``module`` imports, including imports inside functions and under TYPE_CHECKING."""
    import ast

    from tests.conftest import ROOT

    tree = ast.parse((ROOT / (module.replace(".", "/") + ".py")).read_text())
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize(
    ("module", "allowed"),
    [
        ("linter.filepaths", {"linter.errors", "linter.textsafe"}),
        ("linter.formats", {"linter.loaders.document", "linter.record"}),
        ("linter.gitstate", {"linter.errors", "linter.filepaths", "linter.record", "linter.textsafe"}),
        ("linter.model.scope", {"linter.filepaths"}),
    ],
)
def test_the_lower_floors_import_nothing_of_discovery(module: str, allowed: set[str]) -> None:
    # The circle gitstate -> discovery -> settings -> scope -> discovery must not come back.
    assert {name for name in _imports(module) if name.startswith("linter")} <= allowed


def test_settings_import_nothing_of_the_model_nor_git() -> None:
    names = _imports("linter.settings")
    assert not {name for name in names if name.startswith(("linter.model", "linter.gitstate"))}
