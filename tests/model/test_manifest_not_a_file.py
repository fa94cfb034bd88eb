"""A manifest that cannot be read (a broken link, a folder, a FIFO) is an input error, never an absence:
its environment type left unread would switch the rules that need it off in silence."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.support.inprocess import run_main

STAGING = Path(__file__).resolve().parents[2] / "examples" / "fleet" / "staging"


@pytest.mark.parametrize("kind", ["broken link", "folder", "fifo"])
def test_an_unreadable_manifest_is_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    shop = tmp_path / "fleet" / "shop-a"
    shutil.copytree(STAGING, shop)
    manifest = shop / "instance.yaml"
    if kind == "broken link":
        manifest.symlink_to(tmp_path / "missing.yaml")
    elif kind == "folder":
        manifest.mkdir()
    else:
        os.mkfifo(manifest)
    code, out, err = run_main(monkeypatch, capsys, "check", str(tmp_path / "fleet"))
    assert code == 2
    assert "instance.yaml" in err and "1 input error" in out
