"""Output that cannot be turned against its reader: control characters from names, file names and values
are shown as escapes in every format; an input is never overwritten by an output; modes follow umask."""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT, run_cli

ESC_CLEAR = "prod\x1b[2Jx"  # clears the terminal
OSC_LINK = "stg\x1b]8;;evil\x1b\\y"  # an OSC 8 hyperlink
RAW = ("\x1b", "\x07", "\r", "\x0c", "\x85", "\x9b")


def _hostile_fleet(tmp_path: Path) -> Path:
    fleet = tmp_path / "fleet"
    fleet.mkdir()
    shutil.copytree(EXAMPLES / "fleet" / "production", fleet / ESC_CLEAR)
    shutil.copytree(EXAMPLES / "fleet" / "staging", fleet / OSC_LINK)
    (fleet / "dev").mkdir()
    # A value that would overwrite the line (CR), ring the bell, start a C1 CSI and break XML (\x0c).
    (fleet / "dev" / "env.yaml").write_text(
        'MAGE_MODE: "dev\\r\\a\\x9b31m\\x0cOK"\nbackend: {frontName: "a\\x1b[31mb\\x85"}\n'
    )
    broken = fleet / "new\nline::error::injected"
    broken.mkdir()
    (broken / "env.yaml").write_text("a: [\n")
    return fleet


@pytest.mark.parametrize("format", ["text", "github", "junit", "markdown", "html", "json", "sarif"])
def test_control_characters_never_reach_the_reader_raw(tmp_path: Path, format: str) -> None:
    fleet = _hostile_fleet(tmp_path)
    done = run_cli("check", str(fleet), "--format", format, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    for stream in (done.stdout, done.stderr):
        for char in RAW:
            assert char not in stream, (format, repr(char))
    # The broken file is named on one stderr line, its newline shown as an escape.
    errors = [line for line in done.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and "new\\nline" in errors[0], done.stderr
    assert "Traceback" not in done.stderr
    if format == "text":
        assert "prod\\x1b[2Jx" in done.stdout and "stg\\x1b]8;;evil\\x1b\\y" in done.stdout
    if format == "github":
        commands = [line for line in done.stdout.splitlines() if line.startswith("::")]
        assert commands == done.stdout.splitlines()  # every line is one whole workflow command
        assert not any(line.startswith("::error::injected") for line in done.stdout.splitlines())
    if format == "junit":
        root = ET.fromstring(done.stdout)  # parsable: no character XML 1.0 forbids
        names = {suite.get("name") for suite in root}
        assert "stg\\x1b]8;;evil\\x1b\\y" in names
    if format in ("json", "sarif"):
        json.loads(done.stdout)


def test_lone_surrogate_in_a_file_name_is_written_in_every_format(tmp_path: Path) -> None:
    fleet = tmp_path / "fleet"
    fleet.mkdir()
    # A file name that is not UTF-8 arrives as a lone surrogate (surrogateescape); no encoder writes it.
    odd = os.fsencode(str(fleet)) + b"/bad\xff"
    os.mkdir(odd)
    shutil.copy(EXAMPLES / "fleet" / "production" / "env.yaml", os.fsdecode(odd) + "/env.yaml")
    for format in ("text", "github", "junit", "json", "sarif", "markdown", "html"):
        target = tmp_path / f"out.{format}"
        done = run_cli("check", str(fleet), "--format", f"{format}={target}", cwd=tmp_path)
        assert done.returncode in (0, 1), (format, done.stderr)
        assert "internal error" not in done.stderr
        text = target.read_text(encoding="utf-8")
        if format in ("json", "sarif"):
            json.loads(text)
        if format in ("json", "sarif", "markdown"):
            text = text.replace("\\\\", "\\")  # JSON and Markdown write a backslash twice
        assert "bad\\xff" in text, format


def _instance(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES / "fleet" / "production", tmp_path / "prod")
    (tmp_path / "link.yaml").symlink_to("prod/env.yaml")
    return tmp_path / "prod"


@pytest.mark.parametrize(
    "args",
    [
        ("check", "prod", "--format", "json=prod/env.yaml"),
        ("check", "prod", "--format", "json=./prod/../prod/env.yaml"),
        ("check", "link.yaml", "--format", "json=prod/env.yaml"),  # the input given through a link
        ("check", "prod", "--format", "text", "--output", "prod/instance.yaml"),  # the manifest
        ("check", "prod", "--format", "json=out.json", "--format", "sarif=prod/env.yaml"),
        ("baseline", "prod", "-o", "prod/env.yaml"),
        ("report", "prod", "-o", "prod/env.yaml"),
    ],
)
def test_an_output_that_is_an_input_is_refused(tmp_path: Path, args: tuple[str, ...]) -> None:
    instance = _instance(tmp_path)
    before = {path.name: path.read_bytes() for path in instance.iterdir()}
    done = run_cli(*args, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "refusing to overwrite input file" in done.stderr and "Traceback" not in done.stderr
    assert {path.name: path.read_bytes() for path in instance.iterdir()} == before
    assert not (tmp_path / "out.json").exists()  # a usage error writes no report at all


def test_the_settings_file_and_the_baseline_are_inputs_too(tmp_path: Path) -> None:
    _instance(tmp_path)
    assert run_cli("baseline", "prod", "-o", "base.json", cwd=tmp_path).returncode == 0
    (tmp_path / "commerce-lint.yaml").write_text("paths: [prod]\n")
    for target in ("base.json", "commerce-lint.yaml"):
        done = run_cli("check", "--baseline", "base.json", "--format", f"json={target}", cwd=tmp_path)
        assert done.returncode == 2 and "refusing to overwrite input file" in done.stderr, done.stderr


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o077])
def test_written_files_get_the_mode_the_umask_gives(tmp_path: Path, umask: int) -> None:
    _instance(tmp_path)
    previous = os.umask(umask)  # the child process inherits it
    try:
        run_cli("check", "prod", "--format", "json=out/report.json", cwd=tmp_path)
        run_cli("baseline", "prod", "-o", "base.json", cwd=tmp_path)
        run_cli("report", "prod", "-o", "audit.html", cwd=tmp_path)
    finally:
        os.umask(previous)
    for name in ("out/report.json", "base.json", "audit.html"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o666 & ~umask, name
    assert not [path for path in tmp_path.rglob(".*.tmp")]  # no temporary file left behind


def test_rule_texts_and_written_paths_are_shown_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "extra"
    folder.mkdir()
    text = (ROOT / "rules" / "connector" / "CSC-API-KEY-SHAPE.yaml").read_text()
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    text = text.replace("id: CSC-API-KEY-SHAPE", "id: CSC-API-KEY-SHAPX", 1)
    (folder / "CSC-API-KEY-SHAPX.yaml").write_text(
        text.replace(title, 'title: "Bell\\a and \\e[2J clear"', 1)
    )
    for args in (
        ("rules", "list", "--rules", str(folder)),
        ("rules", "explain", "CSC-API-KEY-SHAPX", "--rules", str(folder)),
    ):
        done = run_cli(*args, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert "Bell\\x07 and \\x1b[2J clear" in done.stdout, args
        assert "\x1b" not in done.stdout + done.stderr and "\x07" not in done.stdout + done.stderr, args
    _instance(tmp_path)
    done = run_cli("report", "prod", "-o", "audit\x1b[2J.html", cwd=tmp_path)
    assert done.returncode == 0 and "audit\\x1b[2J.html" in done.stdout, done.stderr
