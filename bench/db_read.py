"""The database readers on a large installation: 1,000,000 core_config_data rows through the TSV reader
(``mysql -B`` export) and the dump reader (mysqldump's one-line extended INSERTs, and mariadb-dump's
row-per-line ones), against Python's ``csv`` module reading the same TSV.

Targets (issue 18): each reader streams in bounded memory (peak RSS under 256 MiB) and takes at most 3x
the time of ``csv``. Each reader runs in a fresh process, so its peak RSS is its own. Not a timed test:
run it by hand, ``python -m bench.db_read [--rows N] [--runs N]``; exit 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MEMORY_LIMIT = 256 * 1024 * 1024
TIME_FACTOR = 3.0
_COLUMNS = ("config_id", "scope", "scope_id", "path", "value", "updated_at")
_SECTIONS = ("catalog", "web", "design", "payment", "carriers", "sales_email", "customer", "cms", "dev")


def _rows(count: int, seed: int) -> list[tuple[str, str, str, str, str | None, str]]:
    """Rows like a multi-store installation's: most at store scope, some multi-line and encrypted."""
    chooser = random.Random(seed)
    rows = []
    for config_id in range(1, count + 1):
        scope = chooser.choice(("default", "websites", "stores", "stores", "stores"))
        scope_id = "0" if scope == "default" else str(chooser.randint(1, 400))
        path = f"{chooser.choice(_SECTIONS)}/group_{config_id % 97}/field_{config_id}"
        kind = config_id % 20
        if kind == 0:
            value: str | None = None
        elif kind == 1:
            value = "0:3:" + "".join(chooser.choices("ABCDEFGHabcdefgh0123456789+/", k=64))
        elif kind == 2:
            value = "<script>\r\n  window.dataLayer = [];\tgtag('js');\r\n</script>"
        elif kind == 3:
            value = f"https://store-{scope_id}.example.test/media/catalog/"
        else:
            value = str(chooser.randint(0, 100))
        rows.append((str(config_id), scope, scope_id, path, value, "2026-11-02 10:41:17"))
    return rows


def _tsv_field(value: str | None) -> str:
    if value is None:
        return "NULL"
    return value.replace("\\", "\\\\").replace("\0", "\\0").replace("\t", "\\t").replace("\n", "\\n")


def _sql_value(value: str | None, numeric: bool) -> str:
    if value is None:
        return "NULL"
    if numeric:
        return value
    escaped = value.replace("\\", "\\\\").replace("'", "\\'").replace("\r", "\\r").replace("\n", "\\n")
    return "'" + escaped.replace("\0", "\\0") + "'"


def write_corpus(folder: Path, count: int, seed: int) -> dict[str, Path]:
    """The TSV export and the two dump shapes of ``count`` rows, written to ``folder``."""
    rows = _rows(count, seed)
    tsv = folder / "core_config_data.tsv"
    with tsv.open("w", encoding="utf-8", newline="\n") as out:
        out.write("\t".join(_COLUMNS) + "\n")
        for row in rows:
            out.write("\t".join(_tsv_field(value) for value in row) + "\n")
    head = (
        "CREATE TABLE `core_config_data` (\n  `config_id` int(10) unsigned NOT NULL AUTO_INCREMENT,\n"
        "  `scope` varchar(8) NOT NULL DEFAULT 'default',\n  `scope_id` int(11) NOT NULL DEFAULT 0,\n"
        "  `path` varchar(255) NOT NULL DEFAULT 'general',\n  `value` text DEFAULT NULL,\n"
        "  `updated_at` timestamp NOT NULL DEFAULT current_timestamp(),\n  PRIMARY KEY (`config_id`)\n"
        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb3;\n"
    )
    paths = {"tsv": tsv}
    for shape, separator in (("mysqldump", ","), ("mariadb-dump", ",\n")):
        path = folder / f"{shape}.sql"
        with path.open("w", encoding="utf-8", newline="\n") as out:
            out.write(head)
            for start in range(0, len(rows), 5000):  # about 1 MiB per INSERT, as --net-buffer-length makes
                values = separator.join(
                    "(" + ",".join(_sql_value(v, i in (0, 2)) for i, v in enumerate(row)) + ")"
                    for row in rows[start : start + 5000]
                )
                out.write(f"INSERT INTO `core_config_data` VALUES {values};\n")
        paths[shape] = path
    return paths


def _peak_rss(resource: object) -> int:
    """This process's peak resident memory in bytes. VmHWM, not ru_maxrss: ru_maxrss survives exec, so
    it would report the parent's peak (the corpus generator's) rather than the reader's own."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024  # type: ignore[attr-defined]


def _measure(reader: str, path: str) -> None:
    """In a fresh process: read ``path`` with ``reader``; print rows, seconds and peak RSS as JSON."""
    import csv
    import resource

    from linter.loaders.db_dump import iter_dump
    from linter.loaders.db_tsv import iter_tsv

    started = time.perf_counter()  # after the imports: the rows are measured, not start-up
    count = 0
    # csv cannot keep a raw CR inside a field (it ends a record there): it reads in its own newline
    # mode, and its row count is not checked; it is the reference for speed, not for the values.
    newline = "" if reader == "csv" else "\n"
    with open(path, encoding="utf-8", errors="surrogateescape", newline=newline) as stream:
        if reader == "csv":
            for _ in csv.reader(stream, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\"):
                count += 1
            count -= 1  # the header
        elif reader == "tsv":
            for _ in iter_tsv(stream, path, "core_config_data"):
                count += 1
        else:
            for _ in iter_dump(stream, path):
                count += 1
    seconds = time.perf_counter() - started
    peak = _peak_rss(resource)
    print(json.dumps({"rows": count, "seconds": seconds, "peak_rss": peak}))


def _run(reader: str, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.db_read", "--measure", reader, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3, help="the best of N runs is reported")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--measure", nargs=2, metavar=("READER", "FILE"), help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.measure:
        _measure(*options.measure)
        return 0
    with tempfile.TemporaryDirectory(prefix="commerce-lint-db-bench-") as folder:
        paths = write_corpus(Path(folder), options.rows, options.seed)
        sizes = {name: path.stat().st_size for name, path in paths.items()}
        readers = [("csv", "csv", "tsv"), ("tsv reader", "tsv", "tsv")]
        readers += [("dump reader (mysqldump)", "dump", "mysqldump")]
        readers += [("dump reader (mariadb-dump)", "dump", "mariadb-dump")]
        samples: dict[str, list[dict[str, float]]] = {label: [] for label, _, _ in readers}
        for _ in range(options.runs):  # interleaved: a machine that slows down slows every reader alike
            for label, reader, corpus in readers:
                samples[label].append(_run(reader, paths[corpus]))
        best: dict[str, dict[str, float]] = {}
        for label, runs in samples.items():
            best[label] = dict(min(runs, key=lambda run: run["seconds"]))
            best[label]["peak_rss"] = max(run["peak_rss"] for run in runs)
    baseline = best["csv"]["seconds"]
    print(
        f"{options.rows:,} core_config_data rows (TSV {sizes['tsv'] / 2**20:.0f} MiB, dump "
        f"{sizes['mysqldump'] / 2**20:.0f} MiB); best of {options.runs}"
    )
    print(f"{'reader':30} {'rows':>10} {'seconds':>8} {'x csv':>6} {'peak RSS':>9}  target")
    failed = False
    for label, result in best.items():
        factor = result["seconds"] / baseline
        ok = label == "csv" or (factor <= TIME_FACTOR and result["peak_rss"] < MEMORY_LIMIT)
        ok = ok and (label == "csv" or int(result["rows"]) == options.rows)
        failed = failed or not ok
        verdict = "" if label == "csv" else ("PASS" if ok else "FAIL")
        print(
            f"{label:30} {int(result['rows']):>10,} {result['seconds']:>8.2f} {factor:>6.2f} "
            f"{result['peak_rss'] / 2**20:>7.0f} MiB  {verdict}"
        )
    print(f"targets: at most {TIME_FACTOR:.0f}x csv's time, peak RSS under {MEMORY_LIMIT // 2**20} MiB")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
