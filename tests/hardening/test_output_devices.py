"""Report destinations that are not plain files: a device stays a device, a link stays a link, a FIFO
nobody reads is an error at once, and a replaced report keeps its mode."""

from __future__ import annotations

import os
import stat
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, run_cli

FLEET = str(EXAMPLES / "fleet")


@pytest.fixture()
def null_device(tmp_path: Path) -> Path:
    """A character device like /dev/null, made where the test may replace it (root can mknod)."""
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.fail("making a character device needs root (CI and sessions run as root)")
    return device


@pytest.mark.parametrize(
    "args",
    [
        ["check", FLEET, "--format", "json={out}"],
        ["check", FLEET, "--format", "text", "--output", "{out}"],
        ["baseline", FLEET, "-o", "{out}"],
        ["report", FLEET, "-o", "{out}"],
    ],
    ids=["format", "output", "baseline", "report"],
)
def test_a_device_destination_is_written_not_replaced(null_device: Path, args: list[str]) -> None:
    # `-o /dev/null` is how people silence a report; replacing the device with a regular file (as
    # root) breaks every program on the machine that writes to it.
    done = run_cli(*(arg.replace("{out}", str(null_device)) for arg in args))
    assert done.returncode in (0, 1), done.stderr
    assert stat.S_ISCHR(null_device.lstat().st_mode), "the device was replaced by a regular file"


def test_a_fifo_without_a_reader_is_an_error_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    done = run_cli(
        "check",
        FLEET,
        "--format",
        "text",
        "--format",
        f"json={fifo}",
        "--format",
        "sarif=r.sarif",
        cwd=tmp_path,
    )
    assert done.returncode == 2, done.stderr
    assert "pipe: cannot write the report" in done.stderr and "Traceback" not in done.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert (tmp_path / "r.sarif").is_file()  # the other reports are still written


def test_a_fifo_with_a_reader_gets_the_report(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    # A reader waiting in open() counts as one: `cat` blocks there until the CLI opens the pipe.
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while "partner" not in _wchan(reader.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        done = run_cli("check", FLEET, "--format", f"json={fifo}")
        received, _ = reader.communicate(timeout=30)
    finally:
        reader.kill()
    assert done.returncode == 1, done.stderr
    assert b'"findings"' in received


def _wchan(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/wchan").read_text()
    except OSError:
        return ""


def test_a_symbolic_link_destination_stays_a_link(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    target = tmp_path / "reports" / "latest.json"
    target.write_text("{}")
    link = tmp_path / "report.json"
    link.symlink_to(target)
    done = run_cli("check", FLEET, "--format", f"json={link}")
    assert done.returncode == 1, done.stderr
    assert link.is_symlink() and '"findings"' in target.read_text()


def test_a_replaced_report_keeps_its_mode(tmp_path: Path) -> None:
    report = tmp_path / "private.json"
    report.write_text("{}")
    report.chmod(0o600)
    done = run_cli("check", FLEET, "--format", f"json={report}")
    assert done.returncode == 1, done.stderr
    assert stat.S_IMODE(report.stat().st_mode) == 0o600 and '"findings"' in report.read_text()


def test_a_directory_destination_is_one_error(tmp_path: Path) -> None:
    done = run_cli("check", FLEET, "--format", "text", "--format", f"json={tmp_path}")
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert "cannot write the report" in done.stderr
    blocked = run_cli("baseline", FLEET, "-o", str(tmp_path))
    assert blocked.returncode == 2 and "cannot write the baseline" in blocked.stderr, blocked.stderr
