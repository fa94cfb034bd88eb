"""Benchmark commerce-lint against the floors (read, parse) and the peer (check-jsonschema).

Run through ``bench/run``; see bench/README.md. Every case is a child process of bench/launch.py, which
measures wall time around it and takes CPU time (user + sys) and peak RSS from ``os.wait4`` (so they
include the child's own worker processes); the whole process tree's proportional memory (PSS) is
sampled from /proc.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate import generate, generator_version, iter_env_files  # noqa: E402
from bench.verify import verify  # noqa: E402

CORPUS = BENCH / "corpus"
RESULTS = BENCH / "results"
PEER_VENV = BENCH / ".venv-peer"
SCHEMA = ROOT / "schemas" / "commerce-config.schema.json"
SIZES = (1, 100, 1000, 10000)
GROWTH = (1000, 10000)  # the sizes of the "no worse than linear" target
FLEET = "commerce-lint check DIR --jobs 0"
PAIRED = f"{FLEET} (paired run)"
PRE_COMMIT = "commerce-lint check <instance> (pre-commit)"
# What a typer-and-PyYAML tool cannot beat on the pre-commit hook's input: start the interpreter,
# import both, read and parse the same files with libyaml. Nothing is checked.
TOOL_FLOOR = "floor: import typer + yaml, parse (CSafeLoader)"
TOOL_FLOOR_SCRIPT = (
    "import sys, typer, yaml\n"
    "for path in sys.argv[1:]:\n"
    "    with open(path, encoding='utf-8') as handle:\n"
    "        yaml.load(handle.read(), Loader=yaml.CSafeLoader)\n"
)
PRE_COMMIT_TARGET = 1.3  # the pre-commit row's wall time, at most this many times the tool floor's
MIB = 1024 * 1024


@dataclass
class Sample:
    """One run of one case."""

    wall: float
    cpu: float
    max_rss: int  # bytes, the largest single process of the tree (ru_maxrss)
    tree_pss: int  # bytes, the largest sampled sum of PSS over the process tree (0: not sampled)
    exit_code: int


@dataclass
class Row:
    """One case at one size, with its medians over the runs."""

    size: int
    case: str
    command: list[str]
    samples: list[Sample] = field(default_factory=list)
    memory_run: Sample | None = None  # an extra, untimed run with the process tree's PSS sampled
    instructions: int | None = None  # instructions executed in one run under valgrind (--instructions)
    note: str = ""

    def median(self, name: str) -> float:
        """Median of one Sample attribute over the timed runs."""
        return float(statistics.median(getattr(s, name) for s in self.samples))

    def tree_pss(self) -> float:
        """Peak PSS of the process tree (bytes), from the memory run; 0 when not sampled."""
        return float(self.memory_run.tree_pss) if self.memory_run is not None else 0.0


# ---- process measurement ------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    """Every descendant of ``pid`` (from /proc, best effort)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        parents.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(parents.get(current, []))
    return found


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class TreeMemory(threading.Thread):
    """Samples the summed PSS of a process tree every ``interval`` seconds."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak = pid, interval, 0
        self.done = threading.Event()

    def run(self) -> None:
        """Sample until stopped (the tree below ``pid``: bench/launch.py itself is not counted)."""
        while not self.done.is_set():
            self.peak = max(self.peak, sum(_pss(p) for p in _children(self.pid)[1:]))
            self.done.wait(self.interval)


def measure(command: list[str], stdout: Path, sample_memory: bool = True) -> Sample:
    """Run ``command`` once (through bench/launch.py); its standard output goes to ``stdout``."""
    with open(stdout, "wb") as out, tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as work:
        report = Path(work) / "usage.json"
        launcher = [sys.executable, str(BENCH / "launch.py"), str(report), *command]
        process = subprocess.Popen(launcher, stdout=out, stderr=err, cwd=ROOT)
        sampler = TreeMemory(process.pid) if sample_memory else None
        if sampler is not None:
            sampler.start()
        process.wait()
        if sampler is not None:
            sampler.done.set()
            sampler.join()
        if not report.exists():
            err.seek(0)
            raise RuntimeError(f"bench/launch.py failed: {err.read().decode('utf-8', 'replace')[-2000:]}")
        usage = json.loads(report.read_text(encoding="utf-8"))
        if usage["exit_code"] not in (0, 1):
            err.seek(0)
            message = err.read().decode("utf-8", "replace")[-2000:]
            print(f"  ! exit {usage['exit_code']}: {' '.join(command)[:200]}\n{message}", file=sys.stderr)
    return Sample(
        wall=usage["wall"],
        cpu=usage["cpu"],
        max_rss=usage["max_rss"],
        tree_pss=sampler.peak if sampler is not None else 0,
        exit_code=usage["exit_code"],
    )


_INSTRUCTIONS = re.compile(rb"I\s+refs:\s+([\d,]+)")


def count_instructions(command: list[str]) -> int | None:
    """Instructions one run executes, counted by valgrind (None when valgrind is missing or fails).

    Unlike time, the count does not depend on how busy or fast the machine is, so it compares
    start-up costs across commits and machines.
    """
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    probe = [valgrind, "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
    done = subprocess.run([*probe, *command], capture_output=True, cwd=ROOT)
    found = _INSTRUCTIONS.search(done.stderr)
    return int(found.group(1).replace(b",", b"")) if found else None


# ---- corpus and tools ---------------------------------------------------------------------------


def corpus(fmt: str, size: int, seed: int) -> Path:
    """The corpus directory for a format and size, made again if missing or made otherwise."""
    directory = CORPUS / f"{fmt}-{size}"
    expected = directory / "expected.json"
    if expected.exists():
        params = json.loads(expected.read_text(encoding="utf-8"))["generator"]
        same = (params.get("seed"), params.get("instances"), params.get("format"), params.get("code"))
        if same == (seed, size, fmt, generator_version()):
            return directory
    started = time.perf_counter()
    print(f"generating {directory.relative_to(ROOT)} ...", file=sys.stderr, flush=True)
    generate(directory, size, fmt, seed)
    print(f"  done in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return directory


def peer() -> Path:
    """check-jsonschema in its own virtual environment (created, from PyPI, on first use)."""
    tool = PEER_VENV / "bin" / "check-jsonschema"
    if not tool.exists():
        print("installing check-jsonschema into bench/.venv-peer ...", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(PEER_VENV)], check=True)
        pip = [str(PEER_VENV / "bin" / "python"), "-m", "pip", "install", "-q"]
        subprocess.run([*pip, "--upgrade", "pip"], check=True)
        subprocess.run([*pip, "check-jsonschema"], check=True)
    return tool


def _version(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except OSError:
        return "unknown"
    return (
        (result.stdout or result.stderr).strip().splitlines()[0] if (result.stdout or result.stderr) else ""
    )


def _lint_version(lint: str) -> str:
    """Version of the commerce-lint that ``lint`` runs, and whether it is this checkout or another copy."""
    python = Path(lint).parent / "python"
    script = "import linter; print(linter.__version__, linter.__file__)"
    interpreter = str(python if python.exists() else sys.executable)
    # -P: not the working directory on sys.path, so an installed copy is not shadowed by this checkout.
    version, _, location = _version([interpreter, "-P", "-c", script]).partition(" ")
    if not location:
        return version or "unknown"
    inside = Path(location).resolve().is_relative_to(ROOT)
    return f"{version} ({'this checkout at ' + _git_commit() if inside else 'installed at ' + location})"


def _git_commit() -> str:
    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    status = ["git", "status", "--porcelain", "linter", "rules", "schemas"]
    dirty = subprocess.run(status, capture_output=True, text=True, cwd=ROOT).stdout.strip()
    return result.stdout.strip() + (" (with uncommitted changes)" if dirty else "")


# ---- the benchmark ------------------------------------------------------------------------------


def _fleet_command(lint: str, directory: Path) -> list[str]:
    return [lint, "check", str(directory), "--format", "json", "--jobs", "0"]


def plan(args: argparse.Namespace, size: int, directory: Path, lint: str, checker: Path | None) -> list[Row]:
    """The cases measured at one size."""
    py = sys.executable
    rows = [Row(size, FLEET, _fleet_command(lint, directory))]
    if size == 1:
        instance = next(p for p in sorted(directory.iterdir()) if p.is_dir())
        rows.append(Row(size, PRE_COMMIT, [lint, "check", str(instance)]))
        if args.format != "php":  # the floor parses YAML (JSON is YAML too); PHP has no such floor
            # The interpreter commerce-lint runs on (typer is installed there), not bench/run's.
            lint_python = Path(lint).parent / "python"
            interpreter = str(lint_python if lint_python.exists() else py)
            inputs = [str(p) for p in _instance_files(instance)]
            rows.append(Row(size, TOOL_FLOOR, [interpreter, "-c", TOOL_FLOOR_SCRIPT, *inputs]))
    parser = {"yaml": "yaml CSafeLoader", "json": "json.load", "php": "commerce-lint php loader"}[args.format]
    rows.append(Row(size, "floor: read files", [py, str(BENCH / "floors.py"), "read", str(directory)]))
    rows.append(
        Row(size, f"floor: parse ({parser})", [py, str(BENCH / "floors.py"), "parse", str(directory)])
    )
    if checker is not None:
        files = [str(p) for p in iter_env_files(directory)]
        rows.append(
            Row(
                size,
                "peer: check-jsonschema (schema only)",
                [str(checker), "--schemafile", str(SCHEMA), *files],
            )
        )
    if size == args.change_size:
        before = directory.with_name(directory.name + ".before")
        command = [
            lint,
            "check",
            str(directory),
            "--before",
            str(before),
            "--select",
            "CHG-*",
            "--format",
            "json",
            "--jobs",
            "0",
        ]
        rows.append(Row(size, "commerce-lint --before DIR.before --select CHG-*", command))
    return rows


def _instance_files(instance: Path) -> list[Path]:
    """The files commerce-lint reads for one instance directory of the corpus (YAML or JSON)."""
    return sorted(p for p in instance.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml", ".json"))


def paired_ratios(rows: list[Row], case: str, floor: str, size: int = 1) -> list[float]:
    """One ratio per round: a case's wall time over its floor's in the same round (interleaved runs)."""
    top, bottom = _find(rows, size, case), _find(rows, size, floor)
    if top is None or bottom is None:
        return []
    return [a.wall / b.wall for a, b in zip(top.samples, bottom.samples, strict=False) if b.wall > 0]


def run_size(
    args: argparse.Namespace, size: int, lint: str, checker: Path | None
) -> tuple[list[Row], list[str]]:
    """Measure every case at one size (runs interleaved) and verify the findings."""
    directory = corpus(args.format, size, args.seed)
    rows = plan(args, size, directory, lint, checker)
    runs = args.runs_10000 if size >= 10000 and args.runs_10000 else args.runs
    if size == 1:  # a second a run: more of them steady the median on a machine whose speed wanders
        runs = max(runs, args.runs_1)
    outputs = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        # Untimed warm-up: the corpus and commerce-lint's modules into the page cache.
        measure([sys.executable, str(BENCH / "floors.py"), "read", str(directory)], outputs / "warm", False)
        measure([lint, "rules", "list"], outputs / "warm", False)
        # Timed runs are not sampled: reading /proc/<pid>/smaps_rollup every 50 ms takes CPU from the
        # measured processes and stalls them on their memory map, more so the more memory they map.
        for run in range(runs):
            for index, row in enumerate(rows):
                sample = measure(row.command, outputs / f"{index}.out", False)
                row.samples.append(sample)
                print(
                    f"  {size:>6} {row.case:<52} run {run + 1}/{runs}: {sample.wall:8.3f} s", file=sys.stderr
                )
        if not args.no_tree_memory:  # one extra run per multi-process case, for the tree's PSS
            for row in rows:
                if row.case.startswith("commerce-lint"):
                    row.memory_run = measure(row.command, outputs / "memory.out", True)
                    print(f"  {size:>6} {row.case:<52} memory run", file=sys.stderr)
        if args.instructions and size == 1:  # one more run per case, under valgrind
            for row in rows:
                row.instructions = count_instructions(row.command)
                print(f"  {size:>6} {row.case:<52} instructions", file=sys.stderr)
        expected = json.loads((directory / "expected.json").read_text(encoding="utf-8"))
        verdicts = [f"size {size}: " + _verdict(outputs / "0.out", expected, False)]
        for index, row in enumerate(rows):
            if "--before" in row.command:
                verdicts.append(f"size {size} change: " + _verdict(outputs / f"{index}.out", expected, True))
            if row.case.startswith("peer") and any(s.exit_code != 0 for s in row.samples):
                row.note = "exit code != 0"
    finally:
        shutil.rmtree(outputs, ignore_errors=True)
    return rows, verdicts


def run_growth(args: argparse.Namespace, lint: str) -> list[Row]:
    """The fleet check at 1,000 and at 10,000 instances, in pairs run back to back.

    The per-size phases measure the two sizes many minutes apart, and this machine's speed drifts by
    more than the margin the linear-growth target is about. Here each round runs both sizes, in
    alternating order (1,000 then 10,000, then 10,000 then 1,000, ...), so drift and the order within
    a pair hit both sizes alike; the target is judged on the median of the rounds' ratios.
    """
    rows = [Row(size, PAIRED, _fleet_command(lint, corpus(args.format, size, args.seed))) for size in GROWTH]
    with tempfile.TemporaryDirectory(prefix="bench-") as outputs:
        for run in range(args.growth_runs):
            for row in rows if run % 2 == 0 else rows[::-1]:
                sample = measure(row.command, Path(outputs) / "paired.out", False)
                row.samples.append(sample)
                print(
                    f"  {row.size:>6} {row.case:<52} run {run + 1}/{args.growth_runs}: {sample.wall:8.3f} s",
                    file=sys.stderr,
                )
    return rows


def paired_growth(rows: list[Row]) -> list[float]:
    """Per-instance time at 10,000 over that at 1,000, for each round of the paired runs."""
    small, large = GROWTH
    by_size = {r.size: r for r in rows if r.case == PAIRED}
    if small not in by_size or large not in by_size:
        return []
    pairs = zip(by_size[small].samples, by_size[large].samples, strict=True)
    return [(b.wall / large) / (a.wall / small) for a, b in pairs]


def _verdict(output: Path, expected: dict[str, Any], change: bool) -> str:
    try:
        report = json.loads(output.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return f"findings: no JSON report ({error})"
    return verify(report, expected, change).summary()


def table(rows: list[Row]) -> tuple[str, list[dict[str, Any]]]:
    """The aligned text table and the same figures as dicts."""
    floors = {r.size: r.median("wall") for r in rows if r.case.startswith("floor: parse")}
    lints = {r.size: r.median("wall") for r in rows if r.case == FLEET}
    peers = {r.size: r.median("wall") for r in rows if r.case.startswith("peer")}
    header = (
        "size",
        "case",
        "runs",
        "wall ms",
        "CPU ms",
        "max RSS MiB",
        "tree PSS MiB",
        "wall/parse",
        "peer/lint",
        "M instr",
    )
    lines: list[tuple[str, ...]] = [header]
    data = []
    for r in rows:
        wall, cpu = r.median("wall"), r.median("cpu")
        rss, pss = r.median("max_rss") / MIB, r.tree_pss() / MIB
        vs_floor = wall / floors[r.size] if r.size in floors else None
        vs_peer = peers[r.size] / lints[r.size] if r.case == FLEET and r.size in peers else None
        lines.append(
            (
                f"{r.size:,}",
                r.case + (f" [{r.note}]" if r.note else ""),
                str(len(r.samples)),
                f"{wall * 1000:,.0f}",
                f"{cpu * 1000:,.0f}",
                f"{rss:,.0f}",
                f"{pss:,.0f}" if pss else "-",
                f"{vs_floor:.2f}x" if vs_floor else "-",
                f"{vs_peer:.1f}x" if vs_peer else "",
                f"{r.instructions / 1e6:,.0f}" if r.instructions else "",
            )
        )
        data.append(
            {
                "size": r.size,
                "case": r.case,
                "command": r.command[:12] + (["..."] if len(r.command) > 12 else []),
                "runs": len(r.samples),
                "wall_s": wall,
                "cpu_s": cpu,
                "max_rss_mib": rss,
                "tree_pss_mib": pss,
                "wall_vs_parse_floor": vs_floor,
                "peer_vs_commerce_lint": vs_peer,
                "samples": [asdict(s) for s in r.samples],
                "memory_run": asdict(r.memory_run) if r.memory_run is not None else None,
                "instructions": r.instructions,
                "note": r.note,
            }
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    right = {0, 2, 3, 4, 5, 6, 7, 8, 9}
    text = [
        "  ".join(
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i]) for i, cell in enumerate(line)
        )
        for line in lines
    ]
    text.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(text), data


def _find(rows: list[Row], size: int, prefix: str) -> Row | None:
    """The per-size row of a case at a size (never a paired row)."""
    return next((r for r in rows if r.size == size and r.case.startswith(prefix) and r.case != PAIRED), None)


def targets(rows: list[Row]) -> list[tuple[str, str, str]]:
    """The issue's targets: (target, PASS/FAIL/n/a, the measured figures)."""

    def find(size: int, prefix: str) -> Row | None:
        return _find(rows, size, prefix)

    out: list[tuple[str, str, str]] = []
    one, one_peer = find(1, PRE_COMMIT), find(1, "peer")
    if one is not None:
        wall = one.median("wall")
        out.append(("1 instance (pre-commit): wall <= 150 ms", _ok(wall <= 0.150), f"{wall * 1000:.0f} ms"))
        out += _tool_floor_targets(rows, one)
        if one.instructions:
            out.append(
                (
                    "1 instance (pre-commit): instructions, whatever the machine's speed",
                    "INFO",
                    f"{one.instructions / 1e6:,.0f} M (valgrind)",
                )
            )
        if one_peer is not None:
            peer_wall = one_peer.median("wall")
            out.append(
                (
                    "1 instance: faster than check-jsonschema on the same file",
                    _ok(wall < peer_wall),
                    f"{wall * 1000:.0f} ms vs {peer_wall * 1000:.0f} ms",
                )
            )
    big, floor, big_peer = (
        find(10000, FLEET),
        find(10000, "floor: parse"),
        find(10000, "peer"),
    )
    if big is not None and floor is not None:
        ratio = big.median("wall") / floor.median("wall")
        out.append(("10,000: within 3x the parse floor", _ok(ratio <= 3.0), f"{ratio:.2f}x"))
    if big is not None and big_peer is not None:
        ratio = big_peer.median("wall") / big.median("wall")
        out.append(("10,000: >= 5x faster than check-jsonschema", _ok(ratio >= 5.0), f"{ratio:.1f}x"))
    if big is not None:
        peak = max(big.median("max_rss"), big.tree_pss()) / MIB
        out.append(
            (
                "10,000: peak memory < 1 GiB",
                _ok(peak < 1024),
                f"{peak:,.0f} MiB (larger of max RSS, tree PSS)",
            )
        )
    out += _growth_targets(rows, find(1000, FLEET), big)
    return out


def _tool_floor_targets(rows: list[Row], one: Row) -> list[tuple[str, str, str]]:
    """The pre-commit row against the typer + PyYAML floor: paired rounds, and instructions."""
    floor = _find(rows, 1, TOOL_FLOOR)
    ratios = paired_ratios(rows, PRE_COMMIT, TOOL_FLOOR)
    if floor is None or not ratios:
        return []
    ratio = statistics.median(ratios)
    floor_ms = floor.median("wall") * 1000
    out = [
        (
            f"1 instance (pre-commit): within {PRE_COMMIT_TARGET}x the typer + PyYAML floor",
            _ok(ratio <= PRE_COMMIT_TARGET),
            f"{ratio:.2f}x (median of {len(ratios)} paired rounds; floor {floor_ms:.0f} ms)",
        )
    ]
    if one.instructions and floor.instructions:
        out.append(
            (
                "1 instance (pre-commit): instructions over the typer + PyYAML floor's",
                "INFO",
                f"{one.instructions / floor.instructions:.2f}x "
                f"({one.instructions / 1e6:,.0f} M vs {floor.instructions / 1e6:,.0f} M)",
            )
        )
    return out


def _growth_targets(rows: list[Row], mid: Row | None, big: Row | None) -> list[tuple[str, str, str]]:
    """Linear growth from 1,000 to 10,000: judged on the paired runs when there are any."""
    target = "1,000 -> 10,000: no worse than linear"
    out: list[tuple[str, str, str]] = []
    ratios = paired_growth(rows)
    failed = sorted({s.exit_code for r in rows if r.case == PAIRED for s in r.samples} - {0, 1})
    if failed:  # a crashed run is fast: its time must not count as linear growth
        out.append((target, "FAIL", f"a paired run failed (exit {', '.join(map(str, failed))})"))
    elif ratios:
        growth = statistics.median(ratios)
        spread = f"x{min(ratios):.3f} to x{max(ratios):.3f}"
        figures = f"per-instance time x{growth:.3f} (median of {len(ratios)} paired rounds: {spread})"
        out.append((target, _ok(growth <= 1.0), figures))
    if mid is None or big is None:
        return out
    apart = (big.median("wall") / 10000) / (mid.median("wall") / 1000)
    figures = (
        f"per-instance time x{apart:.3f} "
        f"({mid.median('wall') * 1000:,.0f} ms -> {big.median('wall') * 1000:,.0f} ms)"
    )
    if ratios:
        out.append(("1,000 -> 10,000, from the per-size rows (minutes apart)", "INFO", figures))
    else:
        out.append((target, _ok(apart <= 1.0), figures))
    floor_big, floor_mid = _find(rows, 10000, "floor: parse"), _find(rows, 1000, "floor: parse")
    if floor_big is not None and floor_mid is not None:
        # The sizes are measured minutes apart; the parse floor, interleaved with each, is linear
        # work, so its own growth shows how much the machine's speed drifted in between.
        drift = (floor_big.median("wall") / 10000) / (floor_mid.median("wall") / 1000)
        out.append(
            (
                "1,000 -> 10,000 per-size rows, with the parse floor's drift removed",
                "INFO",
                f"x{apart / drift:.3f} (the parse floor itself grew x{drift:.3f} per instance)",
            )
        )
    return out


def _ok(condition: bool) -> str:
    return "PASS" if condition else "FAIL"


def main(argv: list[str] | None = None) -> int:
    """Command line: see bench/README.md."""
    parser = argparse.ArgumentParser(
        prog="bench/run", description="Benchmark commerce-lint (see bench/README.md)."
    )
    parser.add_argument("--sizes", type=lambda t: [int(x) for x in t.split(",")], default=list(SIZES))
    parser.add_argument("--quick", action="store_true", help="sizes 1 and 100 only")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--runs-10000", type=int, default=0, help="runs at 10,000 instances (default: --runs)"
    )
    parser.add_argument(
        "--runs-1", type=int, default=15, help="least number of runs at 1 instance (default 15)"
    )
    parser.add_argument(
        "--growth-runs",
        type=int,
        default=5,
        help="rounds of paired 1,000/10,000 runs for the linear-growth target (0: none)",
    )
    parser.add_argument("--format", choices=("yaml", "json", "php"), default="yaml")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--change-size", type=int, default=0, help="size of the --before row (default 1000)")
    parser.add_argument("--no-peer", action="store_true", help="skip check-jsonschema")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="at size 1, count each case's instructions once under valgrind (machine-independent)",
    )
    parser.add_argument("--no-tree-memory", action="store_true", help="do not sample the process tree's PSS")
    parser.add_argument("--commerce-lint", default=str(Path(sys.executable).parent / "commerce-lint"))
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes = [1, 100]
    if not args.change_size:
        args.change_size = 1000 if 1000 in args.sizes else max(s for s in args.sizes if s <= 1000)
    lint = args.commerce_lint if os.path.exists(args.commerce_lint) else shutil.which("commerce-lint")
    if lint is None:
        print("commerce-lint not found; pass --commerce-lint PATH", file=sys.stderr)
        return 2
    checker = None if args.no_peer or args.format == "php" else peer()

    rows: list[Row] = []
    verdicts: list[str] = []
    for size in args.sizes:
        size_rows, size_verdicts = run_size(args, size, lint, checker)
        rows += size_rows
        verdicts += size_verdicts
    if args.growth_runs > 0 and all(size in args.sizes for size in GROWTH):
        rows += run_growth(args, lint)
    text, data = table(rows)
    verdict_lines = targets(rows)
    command = "bench/run " + " ".join(argv if argv is not None else sys.argv[1:])
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    version = _lint_version(lint)
    print(f"\n{command}\ncommerce-lint {version} via {lint}; repository at {_git_commit()}; {machine}")
    if checker is not None:
        print(f"peer: {_version([str(checker), '--version'])}")
    print()
    print(text)
    print()
    width = max((len(t) for t, _, _ in verdict_lines), default=0)
    for target, verdict, figures in verdict_lines:
        print(f"{verdict}  {target.ljust(width)}  {figures}")
    print()
    for line in verdicts:
        print(line)
    RESULTS.mkdir(parents=True, exist_ok=True)
    document = {
        "command": command,
        "machine": machine,
        "commerce_lint": version,
        "commerce_lint_path": lint,
        "commit": _git_commit(),
        "format": args.format,
        "rows": data,
        "targets": [{"target": t, "verdict": v, "figures": f} for t, v, f in verdict_lines],
        "findings": verdicts,
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    text = json.dumps(document, indent=2) + "\n"
    (RESULTS / "latest.json").write_text(text, encoding="utf-8")
    (RESULTS / time.strftime("%Y%m%d-%H%M%S.json")).write_text(text, encoding="utf-8")  # history
    return 0 if all("correct" in v for v in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
