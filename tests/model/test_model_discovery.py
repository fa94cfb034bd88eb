"""Discovery: which files make an instance, in which layer, and how instances in a fleet are named."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from linter.errors import UsageError
from linter.model.discovery import discover
from tests.model.instances import write

EMPTY = "system: {}\n"


def _files(directory: Path) -> list[tuple[str, str, str, bool, str | None]]:
    (spec,) = discover([str(directory)])
    root = str(directory)
    return [
        (os.path.relpath(str(f.path), root), f.role, f.format, f.shared, f.env_type_hint) for f in spec.files
    ]


@pytest.mark.parametrize(
    ("name", "role", "fmt", "shared"),
    [
        ("app/etc/env.php", "env", "php", False),
        ("app/etc/config.php", "config", "php", True),
        ("env.php", "env", "php", False),
        ("config.php", "config", "php", True),
        ("environment.json", "variables", "environment", False),
        (".env", "variables", "dotenv", False),
        (".magento.app.yaml", "variables", "cloud_app", True),
        ("config-show.txt", "config_show", "config_show", False),
        ("env.yaml", "env", "yaml", False),
        ("env.yml", "env", "yaml", False),
        ("env.json", "env", "json", False),
        ("config.yaml", "config", "yaml", True),
        ("config.JSON", "config", "json", True),
    ],
)
def test_each_file_name_has_its_layer(tmp_path: Path, name: str, role: str, fmt: str, shared: bool) -> None:
    write(tmp_path / "shop", {name: "x"})
    assert _files(tmp_path / "shop") == [(name, role, fmt, shared, None)]


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("prod.env.yaml", "production"),
        ("live.config.json", "production"),
        ("stg.env.yml", "staging"),
        ("eu-uat.env.yaml", "staging"),
        ("qa.env.json", "development"),
        ("shop.env.yaml", None),
    ],
)
def test_dump_names_carry_an_environment_hint(tmp_path: Path, name: str, hint: str | None) -> None:
    write(tmp_path / "shop", {name: EMPTY})
    assert _files(tmp_path / "shop")[0][4] == hint


@pytest.mark.parametrize(
    "name", ["notes.yaml", "env.yaml.bak", "my.env.toml", "env.php.dist", "a.b.env.yaml"]
)
def test_other_names_are_not_read(tmp_path: Path, name: str) -> None:
    write(tmp_path / "shop", {name: EMPTY, "env.yaml": EMPTY})
    assert [f[0] for f in _files(tmp_path / "shop")] == ["env.yaml"]


def test_a_fleet_is_every_folder_that_holds_instance_files(tmp_path: Path) -> None:
    write(
        tmp_path / "fleet",
        {
            "eu/prod/env.yaml": EMPTY,
            "eu/staging/app/etc/env.php": "<?php return [];",
            "us/dev/config.yaml": EMPTY,
            ".hidden/env.yaml": EMPTY,
            "node_modules/x/env.yaml": EMPTY,
            "vendor/y/env.yaml": EMPTY,
            "docs/readme.md": "",
        },
    )
    specs = discover([str(tmp_path / "fleet")])
    assert [spec.name for spec in specs] == ["dev", "prod", "staging"]
    assert [spec.dir_env_type for spec in specs] == ["development", "production", "staging"]


def test_an_instance_folder_is_not_searched_below(tmp_path: Path) -> None:
    write(tmp_path / "shop", {"env.yaml": EMPTY, "old/env.yaml": EMPTY})
    assert [spec.name for spec in discover([str(tmp_path / "shop")])] == ["shop"]


def test_the_scan_stops_at_the_depth_limit(tmp_path: Path) -> None:
    deep = "/".join(f"d{i}" for i in range(7))
    deeper = "/".join(f"d{i}" for i in range(9))
    write(tmp_path / "fleet", {f"{deep}/env.yaml": EMPTY, f"{deeper}/env.yaml": EMPTY})
    assert [spec.name for spec in discover([str(tmp_path / "fleet")])] == ["d6"]


def test_clashing_folder_names_take_their_distinct_paths(tmp_path: Path) -> None:
    write(tmp_path / "fleet", {"eu/prod/env.yaml": EMPTY, "us/prod/env.yaml": EMPTY, "solo/env.yaml": EMPTY})
    assert [spec.name for spec in discover([str(tmp_path / "fleet")])] == ["eu/prod", "solo", "us/prod"]


def test_the_same_folder_named_twice_is_one_instance(tmp_path: Path) -> None:
    write(tmp_path / "shop", {"env.yaml": EMPTY})
    assert len(discover([str(tmp_path / "shop"), str(tmp_path / "shop" / ".")])) == 1


def test_a_single_file_is_an_instance_of_its_own(tmp_path: Path) -> None:
    write(tmp_path, {"dumps/prod-eu.yaml": EMPTY, "dumps/other.json": "{}"})
    (spec,) = discover([str(tmp_path / "dumps" / "prod-eu.yaml")])
    assert spec.name == "prod-eu"
    assert [(f.role, f.format, f.shared, f.env_type_hint) for f in spec.files] == [
        ("env", "yaml", False, "production")
    ]
    (other,) = discover([str(tmp_path / "dumps" / "other.json")])
    assert other.files[0].format == "json" and other.files[0].env_type_hint is None


def test_a_named_instance_file_brings_its_neighbours(tmp_path: Path) -> None:
    write(
        tmp_path / "shop", {"app/etc/env.php": "<?php return [];", "app/etc/config.php": "<?php return [];"}
    )
    (spec,) = discover([str(tmp_path / "shop" / "app" / "etc" / "env.php")])
    assert spec.name == "shop"
    assert sorted(f.role for f in spec.files) == ["config", "env"]
    write(tmp_path / "two", {"env.yaml": EMPTY, "config.yaml": EMPTY})
    (spec,) = discover([str(tmp_path / "two" / "env.yaml")])
    assert spec.name == "two" and len(spec.files) == 2


def test_a_manifest_is_found_but_is_not_a_layer(tmp_path: Path) -> None:
    write(tmp_path / "shop", {"instance.yaml": "name: x\n", "env.yaml": EMPTY})
    (spec,) = discover([str(tmp_path / "shop")])
    assert spec.manifest is not None and spec.manifest.role == "manifest"
    assert [f.role for f in spec.files] == ["env"]
    write(tmp_path / "only", {"instance.yml": "name: y\n"})
    (alone,) = discover([str(tmp_path / "only")])
    assert alone.manifest is not None and alone.files == ()


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file or directory"):
        discover([str(tmp_path / "nothing")])


def test_an_empty_folder_has_no_instance(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert discover([str(tmp_path / "empty")]) == []


def test_a_link_that_leads_outside_is_not_followed(tmp_path: Path) -> None:
    write(tmp_path / "outside", {"env.yaml": EMPTY})
    write(tmp_path / "fleet", {"a/env.yaml": EMPTY})
    (tmp_path / "fleet" / "b").symlink_to(tmp_path / "outside")
    specs = discover([str(tmp_path / "fleet")])
    assert [spec.name for spec in specs] == ["a", "outside"]  # named after the resolved folder
    linked = specs[1]
    assert linked.files == () and len(linked.errors) == 1
    assert "not followed" in linked.errors[0].message
    assert linked.errors[0].file is not None and linked.errors[0].file.endswith("b")


def test_links_are_followed_when_the_settings_say_so(tmp_path: Path) -> None:
    from linter.model.scope import ReadScope

    write(tmp_path / "outside", {"env.yaml": EMPTY})
    write(tmp_path / "fleet", {"a/env.yaml": EMPTY})
    (tmp_path / "fleet" / "b").symlink_to(tmp_path / "outside")
    (tmp_path / "fleet" / "loop").symlink_to(tmp_path / "fleet")
    scope = ReadScope(follow_outside=True)
    specs = discover([str(tmp_path / "fleet")], scope)
    assert [(spec.name, len(spec.files), spec.errors) for spec in specs] == [("a", 1, ()), ("outside", 1, ())]
    assert scope.skipped == {}


def test_a_skipped_link_is_noted_once(tmp_path: Path) -> None:
    from linter.model.scope import ReadScope

    write(tmp_path / "outside", {"notes/readme.txt": "x"})
    write(tmp_path / "fleet", {"a/env.yaml": EMPTY})
    (tmp_path / "fleet" / "docs").symlink_to(tmp_path / "outside" / "notes")
    scope = ReadScope()
    assert [spec.name for spec in discover([str(tmp_path / "fleet")], scope)] == ["a"]
    (notice,) = scope.skipped
    assert notice.startswith("skipped symbolic link ") and "docs: it leads outside " in notice
    assert notice.endswith("(set follow_outside: true in the settings file to read it)")
