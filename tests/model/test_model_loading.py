"""Loading an instance: manifests, where its environment type comes from, and names stated twice."""

from __future__ import annotations

from pathlib import Path

from linter.model.discovery import discover
from linter.model.loading import instance_name, known_instance_name, load_instance, read_from_disk
from linter.model.names import settle_names
from tests.model.instances import load, write

ENV = "system: {default: {a: {b: {c: '1'}}}}\n"


def _load(directory: Path) -> tuple[object, list[str]]:
    (spec,) = discover([str(directory)])
    instance, errors = load_instance(spec)
    return instance, [error.one_line() for error in errors]


def test_a_manifest_names_the_instance_and_states_its_type_and_project(tmp_path: Path) -> None:
    manifest = "name: shop-eu\nenvironment_type: staging\nproject: acme\n"
    instance = load(tmp_path / "prod", {"instance.yaml": manifest, "prod.env.yaml": ENV})
    assert instance.name == "shop-eu"
    assert instance.env_type == "staging" and instance.env_type_known
    assert instance.env_type_source is not None and instance.env_type_source.startswith("manifest ")
    assert instance.env_type_source.endswith("instance.yaml")
    assert instance.project == "acme"
    assert instance.manifest is not None and instance.manifest.endswith("instance.yaml")


def test_without_a_type_in_the_manifest_the_file_name_then_the_directory_decide(tmp_path: Path) -> None:
    hinted = load(tmp_path / "staging", {"instance.yaml": "name: x\n", "live.env.yaml": ENV})
    assert hinted.env_type == "production"
    assert hinted.env_type_source is not None and hinted.env_type_source.startswith("file name ")
    folder = load(tmp_path / "uat", {"env.yaml": ENV})
    assert folder.env_type == "staging"
    assert folder.env_type_source is not None and folder.env_type_source.startswith("directory name ")
    unknown = load(tmp_path / "shop", {"env.yaml": ENV})
    assert unknown.env_type is None and unknown.env_type_source is None and not unknown.env_type_known
    assert unknown.name == "shop" and unknown.manifest is None and unknown.project is None


def test_file_hints_that_disagree_leave_the_type_to_the_directory(tmp_path: Path) -> None:
    instance = load(tmp_path / "dev", {"prod.env.yaml": ENV, "stg.config.yaml": "modules: {}\n"})
    assert instance.env_type == "development"
    same = load(tmp_path / "x", {"prod.env.yaml": ENV, "live.config.yaml": "modules: {}\n"})
    assert same.env_type == "production"


def test_a_manifest_that_breaks_its_schema_is_an_error_with_its_line(tmp_path: Path) -> None:
    write(tmp_path / "shop", {"instance.yaml": "name: x\nenvironment_type: prod\n", "env.yaml": ENV})
    instance, errors = _load(tmp_path / "shop")
    assert instance is None
    assert len(errors) == 1 and "instance.yaml:2" in errors[0] and "manifest: environment_type" in errors[0]


def test_a_manifest_alone_is_an_error_not_a_pass(tmp_path: Path) -> None:
    write(tmp_path / "shop", {"instance.yaml": "name: x\n"})
    instance, errors = _load(tmp_path / "shop")
    assert instance is None
    assert len(errors) == 1 and "has no configuration file next to it" in errors[0]


def test_a_file_that_does_not_parse_is_an_unreadable_layer_of_the_instance(tmp_path: Path) -> None:
    # Issue 15: the rest is checked; rules that read what the file could set abstain (engine).
    write(tmp_path / "shop", {"env.yaml": ENV, "config.yaml": "a: [unclosed\n"})
    instance, errors = _load(tmp_path / "shop")
    assert instance is not None and [s.file for s in instance.sources] == [
        str(tmp_path / "shop" / "env.yaml")
    ]
    assert [(u.file.endswith("config.yaml"), u.line, u.role) for u in instance.unreadable] == [
        (True, 2, "config")
    ]
    assert len(errors) == 1 and "config.yaml" in errors[0]


def test_an_unreadable_manifest_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "shop", {"instance.yaml": "name: [x\n", "env.yaml": ENV})
    instance, errors = _load(tmp_path / "shop")
    assert instance is None and len(errors) == 1 and "instance.yaml" in errors[0]
    (spec,) = discover([str(tmp_path / "shop")])
    assert known_instance_name(spec) is None
    assert instance_name(spec) == "shop"


def test_instance_name_reads_only_the_manifest(tmp_path: Path) -> None:
    write(tmp_path / "shop", {"instance.yaml": "name: renamed\n", "env.yaml": "a: [broken\n"})
    (spec,) = discover([str(tmp_path / "shop")])
    assert instance_name(spec) == "renamed" and known_instance_name(spec) == "renamed"
    write(tmp_path / "plain", {"instance.yaml": "project: p\n", "env.yaml": ENV})
    (plain,) = discover([str(tmp_path / "plain")])
    assert instance_name(plain) == "plain"


def test_a_name_stated_twice_is_an_error_and_both_are_still_checked(tmp_path: Path) -> None:
    write(
        tmp_path / "fleet",
        {
            "a/instance.yaml": "name: shop\n",
            "a/env.yaml": ENV,
            "b/instance.yaml": "name: shop\n",
            "b/env.yaml": ENV,
            "c/env.yaml": ENV,
        },
    )
    specs = discover([str(tmp_path / "fleet")])
    settled, errors = settle_names(specs, 1 << 20, read_from_disk)
    assert [name for name, _ in settled] == ["shop (a)", "shop (b)", "c"]
    assert [spec.name for _, spec in settled] == ["shop (a)", "shop (b)", "c"]
    assert settled[0][1].stated and not settled[2][1].stated
    assert len(errors) == 1
    message = errors[0].message
    assert message.startswith("2 instances are named 'shop' (")
    assert "each is checked under its own name ('shop (a)', 'shop (b)')" in message
    assert errors[0].file is not None and errors[0].file.endswith("b/instance.yaml")
    known, _ = settle_names(specs, 1 << 20, read_from_disk, known=["shop", None, "c"])
    assert [name for name, _ in known] == ["shop", "b", "c"]
