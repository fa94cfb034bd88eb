"""The settings file's inventory: instances named with their files, roles and facts (through the CLI)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.model.instances import write

ENV = "system: {default: {a: {b: {c: '1'}}}}\n"


def _check(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], root: Path, settings: str
) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    import gc

    from linter.cli import main

    (root / "commerce-lint.yaml").write_text(settings)
    (root / ".git").mkdir(exist_ok=True)  # the settings file is found up to the repository root
    monkeypatch.chdir(root)
    monkeypatch.setattr(sys, "argv", ["commerce-lint", "check", "-f", "json", "--select", "SEC-*"])
    with pytest.raises(SystemExit) as done:
        main()
    gc.unfreeze()
    out, err = capsys.readouterr()
    return int(done.value.code or 0), json.loads(out) if out.strip() else {}, err


def test_inventory_names_instances_and_their_layers(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write(
        tmp_path,
        {
            "deploy/eu/live.yaml": ENV,
            "deploy/eu/shared.json": "{}",
            "deploy/eu/instance.yaml": "project: x\n",
            "deploy/eu/vars.txt": "a/b/c - 2\n",
            "deploy/us/app/etc/env.php": "<?php return [];",
            "deploy/us/app/etc/config.php": "<?php return [];",
        },
    )
    settings = (
        "instances:\n"
        "  - name: shop-eu\n    environment_type: production\n    project: acme\n    files:\n"
        "      - {path: deploy/eu/live.yaml, role: env}\n"
        "      - {path: deploy/eu/shared.json, role: config}\n"
        "      - {path: deploy/eu/vars.txt, role: config_show}\n"
        "      - deploy/eu/instance.yaml\n"
        "  - name: shop-us\n    files: ['deploy/us/**/*.php']\n"
    )
    code, report, err = _check(monkeypatch, capsys, tmp_path, settings)
    assert code in (0, 1), err
    instances = {i["name"]: i for i in report["instances"]}
    assert sorted(instances) == ["shop-eu", "shop-us"]
    eu = instances["shop-eu"]
    assert (eu["environment_type"], eu["environment_type_source"], eu["project"]) == (
        "production",
        "settings file inventory",
        "acme",
    )
    assert sorted((Path(f["path"]).name, f["role"]) for f in eu["files"]) == [
        ("live.yaml", "env"),
        ("shared.json", "config"),
        ("vars.txt", "config_show"),
    ]
    assert eu["directory"] == "deploy/eu"
    us = instances["shop-us"]
    assert sorted((Path(f["path"]).name, f["role"]) for f in us["files"]) == [
        ("config.php", "config"),
        ("env.php", "env"),
    ]
    assert us["environment_type"] is None and us["directory"] == "deploy/us/app/etc"


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ("['nothing/*.yaml']", "inventory instance shop: no file matches"),
        ("['/abs/env.yaml']", "is absolute; patterns are relative to the settings file"),
        ("['deploy/notes.cfg']", "cannot tell the layer of deploy/notes.cfg"),
        ("['deploy/instance.yaml']", "no file matches but its manifest"),
    ],
)
def test_inventory_mistakes_name_the_settings_file_and_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    files: str,
    message: str,
) -> None:
    write(tmp_path, {"deploy/notes.cfg": "x", "deploy/instance.yaml": "name: x\n", "other/env.yaml": ENV})
    settings = f"instances:\n  - name: shop\n    files: {files}\n  - name: ok\n    files: [other/env.yaml]\n"
    code, report, err = _check(monkeypatch, capsys, tmp_path, settings)
    assert code == 2
    assert message in err and "commerce-lint.yaml:3" in err
    assert [i["name"] for i in report["instances"]] == ["ok"]  # the other instance is still checked


def test_an_inventory_file_with_a_known_name_needs_no_role(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write(tmp_path, {"d/prod.env.yaml": ENV, "d/x.yml": ENV, "d/.env": "CONFIG__DEFAULT__A__B__C=1\n"})
    settings = (
        "instances:\n  - name: s\n    files: [d/prod.env.yaml, d/.env, {path: d/x.yml, role: config}]\n"
    )
    code, report, err = _check(monkeypatch, capsys, tmp_path, settings)
    assert code in (0, 1), err
    (instance,) = report["instances"]
    assert sorted((Path(f["path"]).name, f["role"]) for f in instance["files"]) == [
        (".env", "variables"),
        ("prod.env.yaml", "env"),
        ("x.yml", "config"),
    ]


def test_paths_on_the_command_line_keep_the_inventory_instances_below_them(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import gc

    from linter.cli import main

    write(tmp_path, {"deploy/eu/env.yaml": ENV, "deploy/us/env.yaml": ENV})
    (tmp_path / "commerce-lint.yaml").write_text(
        "instances:\n  - {name: eu, files: [deploy/eu/env.yaml]}\n"
        "  - {name: us, files: [deploy/us/env.yaml]}\n"
    )
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    names = []
    for path in ("deploy/us", "deploy/us/env.yaml", "deploy"):
        monkeypatch.setattr(sys, "argv", ["commerce-lint", "check", path, "-f", "json", "--select", "SEC-*"])
        with pytest.raises(SystemExit):
            main()
        gc.unfreeze()
        names.append([i["name"] for i in json.loads(capsys.readouterr().out)["instances"]])
    assert names == [["us"], ["us"], ["eu", "us"]]
