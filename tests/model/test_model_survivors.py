"""Behaviour of the model that the mutation run of linter/model found unguarded (issue 14).

Each test names the mutant it kills (the key ``bench/mutate_code.py --show-survivors`` prints).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from linter.model.discovery import discover
from linter.model.instance import EffectiveValue
from linter.model.loading import read_from_disk
from linter.model.names import settle_names
from linter.model.paths import DEFAULT_SCOPE
from linter.model.scope import ReadScope
from tests.model.instances import load, write

EMPTY = "system: {}\n"


# --- linter/model/defaults.py --------------------------------------------------------------------


def test_every_module_default_is_the_value_of_a_path_nothing_sets(tmp_path: Path) -> None:
    # kills linter/model/defaults.py:constant:8a2a8868cefb (the sandbox gateway URL's key misspelt)
    instance = load(tmp_path / "shop", {"env.yaml": EMPTY})
    expected = {
        "magento_saas/environment": "production",
        "payment/payment_methods/method": "sandbox",
        "payment/payment_services/active": "0",
        "payment/payment_services/mba_scoping_level": "website",
        "services_connector/production_gateway_url": "https://commerce.adobe.io/",
        "services_connector/sandbox_gateway_url": "https://commerce-beta.adobe.io/",
        "services_connector/services_connector_credentials/credentials_type": "Magento_JWT",
    }
    for path, default in expected.items():
        value = instance.value(path)
        assert (value.setting, value.default, value.value) == (None, default, default), path
        assert value.is_set, path  # a module default counts as set


# --- linter/model/instance.py --------------------------------------------------------------------


def test_equal_effective_values_hash_alike_and_collapse_in_a_set(tmp_path: Path) -> None:
    # kills linter/model/instance.py:statement deleted:315c062469b5 (__hash__ returns None)
    instance = load(tmp_path / "shop", {"env.yaml": "system:\n  default:\n    web:\n      x: '1'\n"})
    setting = instance.value("web/x").setting
    assert setting is not None
    one = EffectiveValue(instance, "web/x", DEFAULT_SCOPE, setting)
    two = EffectiveValue(instance, "web/x", DEFAULT_SCOPE, setting)
    other = EffectiveValue(instance, "web/y", DEFAULT_SCOPE, None)
    assert one == two and one is not two
    assert hash(one) == hash(two)
    assert {one, two, other} == {one, other}
    assert len({one, two, other}) == 2
    assert {one: "a"}[two] == "a"


def test_an_instance_shows_its_name_and_directory(tmp_path: Path) -> None:
    # kills linter/model/instance.py:statement deleted:1f5a3ddf687f (__repr__ returns None)
    instance = load(tmp_path / "shop", {"env.yaml": EMPTY})
    assert repr(instance) == f"Instance({instance.name!r}, {instance.directory!r})"
    assert repr(instance).startswith("Instance('shop', ")


# --- linter/model/names.py -----------------------------------------------------------------------


def test_names_read_by_the_caller_must_match_the_instances_one_for_one(tmp_path: Path) -> None:
    # kills linter/model/names.py:constant:3ed7fc357325 (zip(known, specs, strict=False)): a list of
    # known names longer than the instances is a caller's mistake, not silently cut short
    write(tmp_path / "fleet", {"a/env.yaml": EMPTY, "b/env.yaml": EMPTY})
    specs = discover([str(tmp_path / "fleet")])
    assert [spec.name for spec in specs] == ["a", "b"]
    settled, errors = settle_names(specs, 1 << 20, read_from_disk, ["x", None])
    assert [name for name, _ in settled] == ["x", "b"] and errors == []
    with pytest.raises(ValueError, match="zip"):
        settle_names(specs, 1 << 20, read_from_disk, ["x", None, "z"])


# --- linter/model/scope.py -----------------------------------------------------------------------


def test_a_link_outside_the_root_is_refused_and_noted(tmp_path: Path) -> None:
    # kills linter/model/scope.py:constant:3b96b44ac0a3 (allows returns True after noting a refusal)
    write(tmp_path / "outside", {"notes/readme.txt": "x"})
    root = write(tmp_path / "fleet", {"a/env.yaml": EMPTY})
    link = root / "docs"
    link.symlink_to(tmp_path / "outside" / "notes")
    scope = ReadScope()
    assert scope.allows(root / "a" / "env.yaml", root) is True
    assert scope.allows(link, root) is False
    assert len(scope.skipped) == 1
    assert scope.allows(link, root, note=False) is False
    assert len(scope.skipped) == 1
    assert ReadScope(follow_outside=True).allows(link, root) is True


def test_through_link_looks_no_higher_than_the_instance_directory(tmp_path: Path) -> None:
    # kills linter/model/scope.py:operand dropped:c438e17ab24a (the walk up no longer stops at the
    # directory: a directory that is itself reached through a link made all its files "linked")
    real = write(tmp_path / "real", {"shop/env.yaml": EMPTY, "shop/app/etc/env.php": "<?php return [];\n"})
    (tmp_path / "link").symlink_to(real)
    directory = tmp_path / "link" / "shop"
    scope = ReadScope()
    assert scope.through_link(directory / "env.yaml", directory) is False
    assert scope.through_link(directory / "app" / "etc" / "env.php", directory) is False
    (real / "shop" / "linked.yaml").symlink_to(real / "shop" / "env.yaml")
    assert scope.through_link(directory / "linked.yaml", directory) is True


# --- linter/model/discovery.py -------------------------------------------------------------------


def test_an_inventory_file_linked_inside_the_repository_is_read(tmp_path: Path) -> None:
    # kills linter/model/discovery.py:operand dropped:2ee34135da48 (boundary = base): the inventory's
    # links may lead anywhere inside the repository, not only below the settings file's folder
    from linter.model.discovery import inventory_specs
    from linter.settings import InventoryEntry

    repo = write(tmp_path / "repo", {"shared/prod.env.yaml": "system: {default: {web: {x: '1'}}}\n"})
    (repo / ".git").mkdir()
    base = write(repo / "settings", {"prod/instance.yaml": "name: prod\n"})
    (base / "prod" / "env.yaml").symlink_to(repo / "shared" / "prod.env.yaml")
    entry = InventoryEntry("prod", ({"path": "prod/env.yaml"},))
    (spec,) = inventory_specs((entry,), base)
    assert spec.errors == ()
    assert [(file.path.name, file.role) for file in spec.files] == [("env.yaml", "env")]
    # A link that leaves the repository is refused, and said so.
    outside = write(tmp_path / "outside", {"prod.env.yaml": EMPTY})
    (base / "prod" / "env.yaml").unlink()
    (base / "prod" / "env.yaml").symlink_to(outside / "prod.env.yaml")
    (spec,) = inventory_specs((entry,), base)
    assert spec.files == () and len(spec.errors) == 1
    assert "leads outside the repository" in spec.errors[0].message


def test_an_env_yaml_in_app_etc_is_found_alike_on_disk_and_in_a_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # found while looking at linter/model/discovery.py:operand dropped:a17a53d12299 (named_as_input)
    import shutil
    import subprocess

    from linter.gitstate import INDEX, GitTree
    from linter.model.discovery import discover_in_tree, named_as_input

    if shutil.which("git") is None:
        pytest.skip("needs git")
    write(tmp_path, {"fleet/a/env.yaml": EMPTY, "fleet/lone/app/etc/env.yaml": EMPTY})
    for args in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)
    monkeypatch.chdir(tmp_path)
    on_disk = sorted(Path(spec.directory).as_posix() for spec in discover(["fleet"]))
    tree = GitTree(tmp_path, INDEX, kept=named_as_input)
    in_tree = sorted(Path(spec.directory).as_posix() for spec in discover_in_tree(["fleet"], tree))
    assert in_tree == on_disk


def test_an_instance_file_that_links_outside_the_scan_is_an_error_not_read(tmp_path: Path) -> None:
    # kills linter/model/discovery.py:compare IsNot->Is:c5600254d321 (scope is None): a linked file in
    # an instance folder, not only a linked folder, must not be read from outside the scanned tree
    outside = write(tmp_path / "outside", {"env.yaml": "system: {default: {web: {x: '1'}}}\n"})
    fleet = write(tmp_path / "fleet", {"a/instance.yaml": "name: a\n", "b/env.yaml": EMPTY})
    (fleet / "a" / "env.yaml").symlink_to(outside / "env.yaml")
    specs = {spec.name: spec for spec in discover([str(fleet)])}
    assert sorted(specs) == ["a", "b"]
    linked = specs["a"]
    assert linked.files == () and len(linked.errors) == 1
    assert linked.errors[0].message.startswith("not followed: it leads outside the scanned folder")
    assert linked.errors[0].file is not None and linked.errors[0].file.endswith("env.yaml")
    assert specs["b"].errors == () and len(specs["b"].files) == 1
    inside = write(tmp_path / "fleet2", {"shared/prod.env.yaml": EMPTY, "c/instance.yaml": "name: c\n"})
    (inside / "c" / "env.yaml").symlink_to(inside / "shared" / "prod.env.yaml")
    (spec,) = [spec for spec in discover([str(inside)]) if spec.name == "c"]
    assert spec.errors == () and [file.path.name for file in spec.files] == ["env.yaml"]


def test_a_folder_named_inside_another_named_instance_is_an_instance_in_a_tree_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # kills linter/model/discovery.py:argument dropped:925c02eaad87 (every ancestor, not only those a
    # scan walked below the named path, hid a folder): as on disk, a folder named on the command line
    # is scanned even when it lies inside another named instance
    import shutil
    import subprocess

    from linter.gitstate import INDEX, GitTree
    from linter.model.discovery import discover_in_tree, named_as_input

    if shutil.which("git") is None:
        pytest.skip("needs git")
    write(tmp_path, {"fleet/prod/env.yaml": EMPTY, "fleet/prod/backup/prod.env.yaml": EMPTY})
    for args in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)
    monkeypatch.chdir(tmp_path)
    named = ["fleet/prod", "fleet/prod/backup"]
    expected = [("backup", "fleet/prod/backup"), ("prod", "fleet/prod")]
    assert sorted((spec.name, spec.directory) for spec in discover(named)) == expected
    tree = GitTree(tmp_path, INDEX, kept=named_as_input)
    assert sorted((spec.name, spec.directory) for spec in discover_in_tree(named, tree)) == expected
    # Named alone, the outer folder hides the one inside it (a scan does not enter an instance).
    assert [spec.directory for spec in discover_in_tree(["fleet"], tree)] == ["fleet/prod"]


def test_a_link_at_app_etc_env_yaml_in_a_tree_is_listed_for_the_inventory_and_unreadable(
    tmp_path: Path,
) -> None:
    # kills linter/model/discovery.py:operand dropped:a17a53d12299 (named_as_input without layer_of of
    # the file name): an inventory names any path, so a link there must be kept in the tree (reading it
    # is an error), not dropped as if the file did not exist ("no file matches")
    import shutil
    import subprocess

    from linter.errors import LoadError
    from linter.gitstate import INDEX, GitTree
    from linter.model.discovery import inventory_specs, named_as_input
    from linter.settings import InventoryEntry

    if shutil.which("git") is None:
        pytest.skip("needs git")
    write(tmp_path, {"shared/env.yaml": EMPTY, "settings/prod/instance.yaml": "name: prod\n"})
    (tmp_path / "settings/prod/app/etc").mkdir(parents=True)
    (tmp_path / "settings/prod/app/etc/env.yaml").symlink_to("../../../../shared/env.yaml")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True, capture_output=True)
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True, capture_output=True)
    tree = GitTree(tmp_path, INDEX, kept=named_as_input)
    entry = InventoryEntry("prod", ({"path": "prod/app/etc/env.yaml", "role": "env"},))
    (spec,) = inventory_specs((entry,), tmp_path / "settings", tree=tree)
    assert spec.errors == ()
    assert [(file.role.value, file.blob) for file in spec.files] == [
        ("env", "settings/prod/app/etc/env.yaml")
    ]
    assert tree.opaque == {}
    with pytest.raises(LoadError, match="symbolic link"):
        tree.read("settings/prod/app/etc/env.yaml", 1 << 20)
