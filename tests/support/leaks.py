"""Everything commerce-lint writes for a target (seven formats, stderr, baseline, audit reports), and a
check that no fragment of a secret is in it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from tests.conftest import run_cli

FILE_FORMATS = ("json", "sarif", "junit", "github", "markdown", "html")
FRAGMENT = 8  # characters: shorter windows of random material would match the output's own text by chance


class Outputs(NamedTuple):
    """What the runs wrote, all together, and each command's exit code."""

    text: str
    codes: dict[str, int]
    stderr: str


def every_output(target: Path, work: Path, *options: str) -> Outputs:
    """Run ``check`` in every format, ``baseline -o`` and ``report`` (html, markdown) on ``target``."""
    work.mkdir(parents=True, exist_ok=True)
    formats = [arg for name in FILE_FORMATS for arg in ("-f", f"{name}={work / f'check.{name}'}")]
    runs = {
        "check": ["check", str(target), "-f", "text", *formats, *options],
        "baseline": ["baseline", str(target), "-o", str(work / "baseline.json"), *options],
        "report-html": ["report", str(target), "-f", "html", "-o", str(work / "audit.html"), *options],
        "report-md": ["report", str(target), "-f", "markdown", "-o", str(work / "audit.md"), *options],
    }
    pieces: list[str] = []
    codes: dict[str, int] = {}
    stderr: list[str] = []
    for name, args in runs.items():
        done = run_cli(*args, cwd=work)
        assert "Traceback" not in done.stderr, done.stderr
        codes[name] = done.returncode
        pieces += [done.stdout, done.stderr]
        stderr.append(done.stderr)
    for path in sorted(work.iterdir()):
        if path.is_file():
            pieces.append(path.read_text(encoding="utf-8"))
    return Outputs("\n".join(pieces), codes, "\n".join(stderr))


def fragments(secret: str, size: int = FRAGMENT) -> Iterator[str]:
    """Every ``size``-character window of each line of ``secret`` (PEM armour lines left out)."""
    for line in secret.replace("\\n", "\n").splitlines():
        line = line.strip().removeprefix("base64")  # crypt/key's prefix is Magento's constant
        if line.startswith("-----"):
            continue
        if len(line) <= size:
            if line:
                yield line
            continue
        for start in range(len(line) - size + 1):
            yield line[start : start + size]


def leaked(output: str, secrets: Iterable[str], size: int = FRAGMENT) -> list[str]:
    """The fragments of ``secrets`` found in ``output``, each with a little of its context."""
    found = []
    for secret in secrets:
        for piece in fragments(secret, size):
            at = output.find(piece)
            if at >= 0:
                found.append(f"{piece!r} in ...{output[max(0, at - 60) : at + 60]!r}...")
                break
    return found
