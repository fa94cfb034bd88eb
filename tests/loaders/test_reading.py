"""Reading files: sizes, encodings, binary content and OS errors all become one-line LoadErrors."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from linter.errors import LoadError
from linter.loaders.reading import read_text


def test_bom_and_crlf_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "env.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\r\nb: 2\r\n")
    assert read_text(path, "env.yaml") == "a: 1\nb: 2\n"


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        (b"", "empty", 1),
        (b"  \n\n", "empty", 1),
        (b"a: 1\nb: \x00\n", "binary", 2),
        (b"a: 1\nb: \xff\xfe\n", "UTF-8", 2),
    ],
)
def test_unreadable_content(tmp_path: Path, content: bytes, message: str, line: int) -> None:
    path = tmp_path / "env.yaml"
    path.write_bytes(content)
    with pytest.raises(LoadError, match=message) as caught:
        read_text(path, "env.yaml")
    assert caught.value.line == line


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "env.yaml"
    path.write_bytes(b"a: 1\n" * 100)
    with pytest.raises(LoadError, match="limit"):
        read_text(path, "env.yaml", max_bytes=50)


def test_directory_where_a_file_is_expected(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="directory"):
        read_text(tmp_path, "dir")


PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2


def _without_read_override() -> None:
    """In the child, before exec: root loses the capabilities that let it read what mode 000 forbids."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def test_unreadable_file(tmp_path: Path) -> None:
    # Runs as root too (CI does): the read happens in a child that cannot override file modes.
    path = tmp_path / "env.yaml"
    path.write_text("a: 1\n")
    path.chmod(0)
    code = textwrap.dedent(
        f"""
        from linter.errors import LoadError
        from linter.loaders.reading import read_text
        try:
            read_text({str(path)!r}, "env.yaml")
        except LoadError as error:
            print(error.one_line())
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_without_read_override if os.geteuid() == 0 else None,
    )
    assert done.returncode == 0, done.stderr
    assert "env.yaml" in done.stdout and "permission" in done.stdout, done.stdout
