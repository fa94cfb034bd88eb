"""Atomic writes: a report or baseline is replaced whole, a failing write leaves the old file intact."""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES


def _main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run the CLI in this process: exit code and stderr."""
    import gc

    from linter.cli import main

    monkeypatch.setattr(sys, "argv", ["commerce-lint", *args])
    with pytest.raises(SystemExit) as done:
        main()
    gc.unfreeze()
    return int(done.value.code or 0), capsys.readouterr().err


@pytest.fixture()
def shop(tmp_path: Path) -> Path:
    target = tmp_path / "production"
    shutil.copytree(EXAMPLES / "fleet" / "production", target)
    return target


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp") or p.name.startswith("."))


@pytest.mark.parametrize("command", ["report", "baseline"])
def test_a_failing_write_leaves_the_old_file_and_no_temporary_file(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    shop: Path,
    command: str,
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "result.json"
    target.write_text("the old file\n")

    def refuse(source: object, destination: object) -> None:
        raise OSError(28, "No space left on device")

    # The last step of an atomic write fails, as a full disk would make it.
    monkeypatch.setattr(os, "replace", refuse)
    if command == "report":
        code, err = _main(monkeypatch, capsys, "check", str(shop), "-f", "json", "-o", str(target))
    else:
        code, err = _main(monkeypatch, capsys, "baseline", str(shop), "-o", str(target))
    assert code == 2
    assert "No space left on device" in err and "result.json" in err
    assert target.read_text() == "the old file\n"
    assert _leftovers(out) == []


def test_a_report_replaces_the_file_rather_than_rewriting_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path, shop: Path
) -> None:
    # Kills: a write in place (open(target, "w")), which a reader or a crash would see half done.
    target = tmp_path / "report.json"
    target.write_text("old\n")
    target.chmod(0o640)
    before = os.stat(target)
    reader = open(target)  # noqa: SIM115 - a reader that holds the old file open
    try:
        code, _ = _main(monkeypatch, capsys, "check", str(shop), "-f", "json", "-o", str(target))
        assert code == 1
        assert reader.read() == "old\n"  # the reader still sees the whole old file
    finally:
        reader.close()
    after = os.stat(target)
    assert after.st_ino != before.st_ino
    assert stat.S_IMODE(after.st_mode) == 0o640  # a replaced file keeps its mode
    assert json.loads(target.read_text())["summary"]["instances"] == 1
    assert _leftovers(tmp_path) == []


def test_a_new_file_gets_the_umask_mode_and_its_folder(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path, shop: Path
) -> None:
    target = tmp_path / "new" / "deeper" / "baseline.json"
    old = os.umask(0o027)
    try:
        code, _ = _main(monkeypatch, capsys, "baseline", str(shop), "-o", str(target))
    finally:
        os.umask(old)
    assert code == 0
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert json.loads(target.read_text())["format"] == "commerce-lint-baseline/1"
    assert _leftovers(target.parent) == []


def test_a_symbolic_link_is_followed_and_kept(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path, shop: Path
) -> None:
    real = tmp_path / "real.json"
    real.write_text("old\n")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    code, _ = _main(monkeypatch, capsys, "check", str(shop), "-f", "json", "-o", str(link))
    assert code == 1
    assert link.is_symlink() and json.loads(real.read_text())["version"] == "1"
