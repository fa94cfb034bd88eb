"""Mutation testing of commerce-lint's code: does a fast subset of the tests notice a small wrong change?

Each mutant is one systematic edit of one target module (a comparison flipped, ``<`` for ``<=``, ``and``
for ``or``, a ``not`` removed, a constant changed, a ``return``/``continue``/``break`` dropped or
changed, a call argument dropped, a slice bound dropped, a statement deleted). For each mutant the
tests mapped to its target group run in a private copy of the repository; a failing run (or one that
overruns its timeout: a hang is a kill) kills the mutant. Results are cached in a JSON file keyed by
file and mutant, so a run can be stopped and resumed; a survivor is tried again whenever its tests
change. See bench/README.md, "Mutation testing of the code".
"""

from __future__ import annotations

import argparse
import ast
import copy
import difflib
import glob
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent

# Target groups: globs (so a module that moves within the package is still picked up) and the fast
# tests that guard them.
TARGETS: dict[str, tuple[str, ...]] = {
    "checks": ("linter/checks/*.py",),
    "model": ("linter/model/*.py",),
    "secrets": ("linter/secrets.py",),
    "fingerprints": ("linter/finding.py",),
    "waivers": ("linter/waivers.py",),
    "baseline": ("linter/baseline.py",),
}
TESTS: dict[str, tuple[str, ...]] = {
    "checks": (
        "tests/test_engine_semantics.py",
        "tests/checks",
        "tests/test_templates.py",
        "tests/test_rule_examples.py",
        "tests/test_checks_survivors.py",
    ),
    "model": (
        "tests/model",
        "tests/test_engine_semantics.py",
        "tests/test_secrets_semantics.py",
        "tests/test_rule_examples.py",
    ),
    "secrets": ("tests/test_secrets_semantics.py", "tests/model"),
    "fingerprints": (
        "tests/test_finding_semantics.py",
        "tests/test_baseline_semantics.py",
        "tests/test_finding_survivors.py",
    ),
    "waivers": ("tests/test_waiver_semantics.py",),
    "baseline": ("tests/test_baseline_semantics.py", "tests/test_output_semantics.py"),
}
EQUIVALENTS = BENCH / "code-mutants-equivalent.yaml"
CACHE = BENCH / "results" / "code-mutants.json"
PLANS = BENCH / "results" / "code-mutants-plans"
# What a worker copies: enough of the repository for the selected tests to run against its mutant.
COPIED = ("linter", "tests", "rules", "schemas", "examples", "docs", "bench", "pyproject.toml", "README.md")


@dataclass(frozen=True)
class Mutant:
    """One edit of one file: ``start``/``end`` are character offsets into the original text."""

    file: str
    line: int
    operator: str
    start: int
    end: int
    replacement: str
    anchor: str  # the edited line's text and the edit's column: what the key depends on

    @property
    def key(self) -> str:
        """Stable while the edited line and its replacement stay the same (line numbers may move)."""
        return f"{self.file}:{self.operator}:{self.digest}"

    @property
    def digest(self) -> str:
        basis = f"{self.anchor}|{self.end - self.start}|{self.replacement}"
        return hashlib.sha256(basis.encode()).hexdigest()[:12]

    def apply(self, text: str) -> str:
        return text[: self.start] + self.replacement + text[self.end :]

    def diff(self, text: str) -> str:
        lines = difflib.unified_diff(
            text.splitlines(keepends=True),
            self.apply(text).splitlines(keepends=True),
            self.file,
            f"{self.file} ({self.operator})",
            n=1,
        )
        return "".join(lines)


_COMPARE_SWAPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_SIMPLE_STATEMENTS = (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return, ast.Raise, ast.If)


class _Offsets:
    """Line/column (UTF-8 bytes, as ast gives them) to character offsets into the text."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines(keepends=True)
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))

    def offset(self, line: int, column: int) -> int:
        raw = self.lines[line - 1].encode("utf-8")[:column]
        return self.starts[line - 1] + len(raw.decode("utf-8", "replace"))


def _skipped_nodes(tree: ast.AST) -> set[int]:
    """Ids of nodes never mutated: docstrings, annotations, f-string innards, TYPE_CHECKING blocks."""
    skipped: set[int] = set()

    def skip(node: ast.AST | None) -> None:
        if node is not None:
            skipped.update(id(child) for child in ast.walk(node))

    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body:
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skip(first)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            skip(node.returns)
            for arg in (*node.args.args, *node.args.kwonlyargs, *node.args.posonlyargs):
                skip(arg.annotation)
            for rest in (node.args.vararg, node.args.kwarg):
                if rest is not None:
                    skip(rest.annotation)
        elif isinstance(node, ast.AnnAssign):
            skip(node.annotation)
        elif (
            isinstance(node, (ast.JoinedStr, ast.Import, ast.ImportFrom))
            or (isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test))
            or (isinstance(node, ast.Call) and ast.unparse(node.func) in ("TypeVar", "cast"))
        ):
            skip(node)
    return skipped


def _clone(node: ast.AST) -> Any:
    """A deep copy, typed loosely: each branch below edits the fields of its own node type."""
    return copy.deepcopy(node)


def _edits(node: ast.AST) -> Iterator[tuple[str, ast.AST | str]]:
    """(operator, replacement node or text) for every mutation of ``node`` itself."""
    if isinstance(node, ast.Compare):
        for index, op in enumerate(node.ops):
            swap = _COMPARE_SWAPS.get(type(op))
            if swap is not None:
                new = _clone(node)
                new.ops[index] = swap()
                yield f"compare {type(op).__name__}->{swap.__name__}", new
    elif isinstance(node, ast.BoolOp):
        new = _clone(node)
        new.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        yield "and<->or", new
        for index in range(len(node.values)):  # one operand dropped
            rest = [value for i, value in enumerate(node.values) if i != index]
            yield "operand dropped", rest[0] if len(rest) == 1 else ast.BoolOp(node.op, rest)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield "not removed", node.operand
    elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        new = _clone(node)
        new.op = ast.Sub() if isinstance(node.op, ast.Add) else ast.Add()
        yield "+<->-", new
    elif isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool):
            yield "constant", ast.Constant(not value)
        elif isinstance(value, int):
            yield "constant", ast.Constant(value + 1)
            if value not in (0, 1):
                yield "constant", ast.Constant(0)
        elif isinstance(value, str) and value and len(value) <= 40:
            yield "constant", ast.Constant("X" + value)
    elif isinstance(node, ast.Call):
        for index, arg in enumerate(node.args):
            if not isinstance(arg, ast.Starred):
                new = _clone(node)
                del new.args[index]
                yield "argument dropped", new
        for index, keyword in enumerate(node.keywords):
            if keyword.arg is not None:
                new = _clone(node)
                del new.keywords[index]
                yield "argument dropped", new
    elif isinstance(node, ast.Slice):
        for bound in ("lower", "upper"):
            if getattr(node, bound) is not None:
                new = _clone(node)
                setattr(new, bound, None)
                yield f"slice {bound} dropped", new
    elif isinstance(node, ast.Return) and node.value is not None:
        if not (isinstance(node.value, ast.Constant) and node.value.value is None):
            yield "return changed", "return None"
    elif isinstance(node, ast.Continue):
        yield "continue->break", "break"
    elif isinstance(node, ast.Break):
        yield "break->continue", "continue"
    if isinstance(node, _SIMPLE_STATEMENTS):
        yield "statement deleted", "pass"


def _source_of(replacement: ast.AST | str, node: ast.AST) -> list[str]:
    """Candidate texts for the replacement, most natural first (parenthesized where needed)."""
    if isinstance(replacement, str):
        return [replacement]
    text = ast.unparse(replacement)
    if isinstance(node, ast.stmt) or isinstance(replacement, ast.Slice):
        return [text]
    return [text, f"({text})"]


def mutants_of(file: str, text: str) -> list[Mutant]:
    """Every mutant of one module, in source order; each one compiles."""
    tree = ast.parse(text)
    skipped = _skipped_nodes(tree)
    offsets = _Offsets(text)
    found: dict[str, Mutant] = {}
    for item in ast.walk(tree):
        node: Any = item  # expressions and statements: both have positions
        if id(node) in skipped or getattr(node, "end_lineno", None) is None:
            continue
        start = offsets.offset(node.lineno, node.col_offset)
        end = offsets.offset(node.end_lineno, node.end_col_offset or 0)
        original = text[start:end]
        for operator, replacement in _edits(node):
            for candidate in _source_of(replacement, node):
                if candidate == original:
                    break
                anchor = f"{offsets.lines[node.lineno - 1].strip()}@{node.col_offset}"
                mutant = Mutant(file, node.lineno, operator, start, end, candidate, anchor)
                try:
                    mutated = mutant.apply(text)
                    if candidate.strip("()") == ast.unparse(node):  # the same code, written otherwise
                        break
                    compile(mutated, file, "exec", dont_inherit=True)
                except (SyntaxError, ValueError):
                    continue
                found.setdefault(mutant.key, mutant)
                break
    return sorted(found.values(), key=lambda m: (m.start, m.operator, m.replacement))


def planned(file: str, text: str) -> list[Mutant]:
    """``mutants_of``, remembered per file content (making them compiles every mutant: seconds)."""
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    store = PLANS / f"{file.replace('/', '_')}.{digest}.json"
    if store.exists():
        return [Mutant(**item) for item in json.loads(store.read_text(encoding="utf-8"))]
    mutants = mutants_of(file, text)
    PLANS.mkdir(parents=True, exist_ok=True)
    for old in PLANS.glob(f"{file.replace('/', '_')}.*.json"):
        old.unlink()
    store.write_text(json.dumps([vars(m) for m in mutants]), encoding="utf-8")
    return mutants


def target_files(groups: list[str]) -> dict[str, list[str]]:
    """Group -> the target files that exist today (relative to the repository)."""
    files: dict[str, list[str]] = {}
    for group in groups:
        matched: set[str] = set()
        for pattern in TARGETS[group]:
            matched.update(glob.glob(pattern, root_dir=ROOT))
        files[group] = sorted(f for f in matched if not f.endswith("__init__.py") or _has_code(f))
    return files


def _has_code(file: str) -> bool:
    return len((ROOT / file).read_text(encoding="utf-8").strip().splitlines()) > 1


def _tests_of(group: str) -> list[str]:
    return [t for t in TESTS[group] if (ROOT / t).exists()]


def _tests_digest(group: str, file: str) -> str:
    """Changes when the group's tests or the target file change: survivors are then tried again."""
    digest = hashlib.sha256((ROOT / file).read_bytes())
    for test in _tests_of(group):
        path = ROOT / test
        for item in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(item.read_bytes())
    return digest.hexdigest()[:16]


def load_equivalents() -> dict[str, str]:
    """Mutant key -> why it is equivalent (entries without a reason are refused)."""
    if not EQUIVALENTS.exists():
        return {}
    entries = yaml.safe_load(EQUIVALENTS.read_text(encoding="utf-8")) or []
    reasons: dict[str, str] = {}
    for entry in entries:
        if not isinstance(entry, dict) or not str(entry.get("reason") or "").strip():
            raise SystemExit(f"{EQUIVALENTS.name}: every entry needs a key and a reason: {entry!r}")
        reasons[str(entry["key"])] = str(entry["reason"])
    return reasons


class Workers:
    """Private copies of the repository, one per parallel job; a mutant is written into one copy."""

    def __init__(self, jobs: int) -> None:
        self.base = Path(tempfile.mkdtemp(prefix="mutate-code-"))
        self.free: list[Path] = []
        self.lock = threading.Lock()
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".venv*", "corpus", "results", ".hypothesis")
        for index in range(jobs):
            copy_root = self.base / f"w{index}"
            copy_root.mkdir()
            for name in COPIED:
                source = ROOT / name
                if source.is_dir():
                    shutil.copytree(source, copy_root / name, ignore=ignore, symlinks=True)
                elif source.exists():
                    shutil.copy2(source, copy_root / name)
            self.free.append(copy_root)

    def take(self) -> Path:
        with self.lock:
            return self.free.pop()

    def give(self, copy_root: Path) -> None:
        with self.lock:
            self.free.append(copy_root)

    def close(self) -> None:
        shutil.rmtree(self.base, ignore_errors=True)


def run_tests(copy_root: Path, tests: list[str], timeout: float) -> tuple[str, float]:
    """('passed' | 'failed' | 'timeout', seconds) for the tests in one copy."""
    environment = {
        **os.environ,
        "PYTHONPATH": str(copy_root),  # ahead of the editable install's finder, which comes last
        "PYTHONDONTWRITEBYTECODE": "1",  # a mutant and the original may share an mtime: no stale .pyc
        "NO_COLOR": "1",
        "COMMERCE_LINT_SECRET_SEED": "1",
    }
    environment.pop("COMMERCE_LINT_DEBUG", None)
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "--no-header", *tests]
    began = time.monotonic()
    try:
        done = subprocess.run(
            command, cwd=copy_root, env=environment, capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return "timeout", time.monotonic() - began
    status = "passed" if done.returncode == 0 else "failed"
    if done.returncode not in (0, 1):  # a collection error or an interrupted run still kills
        status = "failed"
    return status, time.monotonic() - began


def _sanity(groups: list[str], workers: Workers) -> dict[str, float]:
    """The unmutated tests must pass; their time sets each group's timeout."""
    durations: dict[str, float] = {}
    copy_root = workers.take()
    try:
        for group in groups:
            status, seconds = run_tests(copy_root, _tests_of(group), timeout=600)
            if status != "passed":
                raise SystemExit(f"the unmutated tests of {group} do not pass: fix them first")
            durations[group] = seconds
            print(f"{group}: unmutated tests pass in {seconds:.1f} s", flush=True)
    finally:
        workers.give(copy_root)
    return durations


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", default=",".join(TARGETS), help="comma-separated groups")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--sample", type=int, default=0, help="at most N mutants per group (seeded)")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--budget-minutes", type=float, default=0, help="stop starting mutants after this")
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--fresh", action="store_true", help="ignore cached results")
    parser.add_argument("--show-survivors", action="store_true", help="print each survivor's diff")
    parser.add_argument("--list", action="store_true", help="only count the mutants")
    parser.add_argument("--report", action="store_true", help="only report the cached results")
    parser.add_argument("--retry-timeouts", action="store_true", help="run cached timeouts again")
    options = parser.parse_args(argv)
    # Stopped with kill: leave through the finally clauses, so the private copies are removed.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(143))
    groups = [g for g in options.targets.split(",") if g]
    unknown = set(groups) - set(TARGETS)
    if unknown:
        parser.error(f"unknown targets: {', '.join(sorted(unknown))} (known: {', '.join(TARGETS)})")

    texts: dict[str, str] = {}
    plan: dict[str, list[Mutant]] = {}
    for group, files in target_files(groups).items():
        mutants = []
        for file in files:
            texts[file] = (ROOT / file).read_text(encoding="utf-8")
            mutants.extend(planned(file, texts[file]))
        if options.sample and len(mutants) > options.sample:
            mutants = sorted(
                random.Random(f"{options.seed}:{group}").sample(mutants, options.sample),
                key=lambda m: (m.file, m.start),
            )
        plan[group] = mutants
    if options.list:
        for group, mutants in plan.items():
            print(f"{group}: {len(mutants)} mutants in {len(target_files([group])[group])} files")
        return 0

    equivalents = load_equivalents()
    cache: dict[str, Any] = {}
    if options.cache.exists() and not options.fresh:
        cache = json.loads(options.cache.read_text(encoding="utf-8"))
    digests = {(g, f): _tests_digest(g, f) for g, fs in target_files(groups).items() for f in fs}

    def cached(group: str, mutant: Mutant, reporting: bool = False) -> str | None:
        """The cached status, or None when the mutant is to be run (again)."""
        entry = cache.get(f"{group}|{mutant.key}")
        if entry is None:
            return None
        if options.report or reporting:
            return str(entry["status"])
        if entry["status"] == "survived" and entry["digest"] != digests[(group, mutant.file)]:
            return None  # the tests changed since: try again
        if entry["status"] == "timeout" and options.retry_timeouts:
            return None
        return str(entry["status"])

    todo = [(g, m) for g, ms in plan.items() for m in ms if m.key not in equivalents and cached(g, m) is None]
    began = time.monotonic()
    deadline = began + options.budget_minutes * 60 if options.budget_minutes else None
    print(f"{sum(map(len, plan.values()))} mutants, {len(todo)} to run", flush=True)
    if todo and not options.report:
        workers = Workers(max(1, options.jobs))
        lock = threading.Lock()
        try:
            durations = _sanity(sorted({g for g, _ in todo}), workers)

            def one(item: tuple[str, Mutant]) -> None:
                group, mutant = item
                if deadline is not None and time.monotonic() > deadline:
                    return
                copy_root = workers.take()
                target = copy_root / mutant.file
                try:
                    target.write_text(mutant.apply(texts[mutant.file]), encoding="utf-8")
                    # A shared machine may run a test file several times slower: only a real hang overruns.
                    timeout = max(30.0, durations[group] * 4 + 10)
                    status, seconds = run_tests(copy_root, _tests_of(group), timeout)
                finally:
                    target.write_text(texts[mutant.file], encoding="utf-8")
                    workers.give(copy_root)
                outcome = {"passed": "survived", "failed": "killed", "timeout": "timeout"}[status]
                with lock:
                    cache[f"{group}|{mutant.key}"] = {
                        "status": outcome,
                        "digest": digests[(group, mutant.file)],
                        "line": mutant.line,
                        "seconds": round(seconds, 1),
                    }
                    options.cache.parent.mkdir(parents=True, exist_ok=True)
                    temporary = options.cache.with_suffix(".tmp")
                    temporary.write_text(json.dumps(cache, indent=1, sort_keys=True), encoding="utf-8")
                    os.replace(temporary, options.cache)
                    print(f"  {outcome:8} {mutant.file}:{mutant.line} {mutant.operator}", flush=True)

            with ThreadPoolExecutor(max(1, options.jobs)) as pool:
                list(pool.map(one, todo))
        finally:
            workers.close()
    return _report(plan, texts, equivalents, cached, options.show_survivors, time.monotonic() - began)


def _report(
    plan: dict[str, list[Mutant]],
    texts: dict[str, str],
    equivalents: dict[str, str],
    cached: Any,
    show_survivors: bool,
    seconds: float,
) -> int:
    print(
        f"\n{'target':14} {'mutants':>7} {'killed':>6} {'timeout':>7} {'survived':>8} {'equiv':>5} "
        f"{'not run':>7} {'kill rate':>9}"
    )
    below = False
    survivors: list[Mutant] = []
    for group, mutants in plan.items():
        counts = {"killed": 0, "timeout": 0, "survived": 0, "equivalent": 0, "not run": 0}
        for mutant in mutants:
            if mutant.key in equivalents:
                counts["equivalent"] += 1
                continue
            status = cached(group, mutant, True)
            counts[status or "not run"] += 1
            if status == "survived":
                survivors.append(mutant)
        judged = counts["killed"] + counts["timeout"] + counts["survived"]
        rate = (counts["killed"] + counts["timeout"]) / judged if judged else 0.0
        below = below or (judged > 0 and rate < 0.9)
        print(
            f"{group:14} {len(mutants):7} {counts['killed']:6} {counts['timeout']:7} {counts['survived']:8} "
            f"{counts['equivalent']:5} {counts['not run']:7} {rate:9.1%}"
        )
    print(f"({seconds / 60:.1f} min)")
    if show_survivors:
        for mutant in survivors:
            print(f"\n# {mutant.key} (line {mutant.line})")
            print(mutant.diff(texts[mutant.file]), end="")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
