"""Does checking one large instance grow linearly? Seconds per MiB and per 1,000 scopes at two sizes.

    python bench/sizes.py [--runs N] [--small MIB] [--large MIB] [--scopes A,B] [--format text|json]

Each case is one instance directory holding one file of the given format, checked by a separate
``commerce-lint check DIR`` process started through bench/launch.py (wall time, peak RSS). The runs of
a case's two sizes alternate, so drift on a noisy machine hits both alike; each figure is the median.
Seconds per unit leave out start-up (the median run on one tiny file). The growth column divides the
large size's seconds per unit by the small size's: 1.00 is linear, 4.00 at four times the size would
be quadratic. See bench/README.md, "Large instances".
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
MIB = 2**20


def store_views(count: int, live_every: int = 0) -> str:
    """An env.yaml with ``count`` store views in ``scopes`` and a dozen settings each (about 400 bytes).

    Every ``live_every``-th store view sets an invalid payment method (PS-METHOD-VALUE), so that many
    findings are located in one mapping of ``count`` keys.
    """
    lines = ["scopes:", "  websites:", "    base: {website_id: 1, code: base, name: Main Website}"]
    lines.append("  stores:")
    lines += [
        f"    s{i}: {{store_id: {i + 1}, website_id: 1, code: s{i}, name: 'Store {i}', is_active: 1}}"
        for i in range(count)
    ]
    lines += ["system:", "  default:", "    payment:", "      payment_methods:", "        method: sandbox"]
    lines.append("  stores:")
    for i in range(count):
        method = "live" if live_every and i % live_every == live_every - 1 else "sandbox"
        lines += [
            f"    s{i}:",
            "      web:",
            "        unsecure:",
            f"          base_url: 'https://s{i}.example.com/'",
            "        secure:",
            f"          base_url: 'https://s{i}.example.com/'",
            "      general:",
            "        locale:",
            "          code: en_US",
            "          timezone: Europe/Berlin",
            "      payment:",
            "        payment_methods:",
            f"          method: {method}",
        ]
    return "\n".join(lines) + "\n"


def _values(size: int) -> list[tuple[str, str]]:
    """(config path, value) pairs at default scope, about ``size`` bytes of them."""
    pairs: list[tuple[str, str]] = []
    written, index = 0, 0
    while written < size:
        pair = (f"section{index % 40}/group{index // 40 % 400}/field_{index}", f"value number {index}")
        pairs.append(pair)
        written += len(pair[0]) + len(pair[1]) + 12
        index += 1
    return pairs


def _tree(pairs: list[tuple[str, str]]) -> dict[str, dict[str, dict[str, str]]]:
    tree: dict[str, dict[str, dict[str, str]]] = {}
    for path, value in pairs:
        section, group, field = path.split("/")
        tree.setdefault(section, {}).setdefault(group, {})[field] = value
    return tree


def env_yaml(size: int) -> tuple[str, str]:
    lines = ["system:", "  default:"]
    for section, groups in _tree(_values(size)).items():
        lines.append(f"    {section}:")
        for group, fields in groups.items():
            lines.append(f"      {group}:")
            lines += [f"        {field}: '{value}'" for field, value in fields.items()]
    return "env.yaml", "\n".join(lines) + "\n"


def env_json(size: int) -> tuple[str, str]:
    return "env.json", json.dumps({"system": {"default": _tree(_values(size))}}, indent=2)


def env_php(size: int) -> tuple[str, str]:
    lines = ["<?php", "return [", "    'system' => [", "        'default' => ["]
    for section, groups in _tree(_values(size)).items():
        lines.append(f"            '{section}' => [")
        for group, fields in groups.items():
            lines.append(f"                '{group}' => [")
            lines += [f"                    '{field}' => '{value}'," for field, value in fields.items()]
            lines.append("                ],")
        lines.append("            ],")
    lines += ["        ],", "    ],", "];"]
    return "env.php", "\n".join(lines) + "\n"


def config_show(size: int) -> tuple[str, str]:
    return "config-show.txt", "".join(f"{path} - {value}\n" for path, value in _values(size))


def dotenv(size: int) -> tuple[str, str]:
    lines = [f"CONFIG__DEFAULT__{path.upper().replace('/', '__')}={value!r}" for path, value in _values(size)]
    return ".env", "\n".join(lines) + "\n"


def scopes(count: int) -> tuple[str, str]:
    return "env.yaml", store_views(count, live_every=1)


# case name -> (file maker for a size in bytes or store views, the unit its cost is given per)
CASES: dict[str, tuple[Callable[[int], tuple[str, str]], str]] = {
    "env.yaml": (env_yaml, "MiB"),
    "env.json": (env_json, "MiB"),
    "env.php": (env_php, "MiB"),
    "config-show.txt": (config_show, "MiB"),
    ".env": (dotenv, "MiB"),
    "store views (a finding each)": (scopes, "1,000 scopes"),
}


def _run_once(directory: Path) -> tuple[float, int, int]:
    with tempfile.TemporaryDirectory() as work:
        report = Path(work) / "usage.json"
        command = [sys.executable, str(BENCH / "launch.py"), str(report)]
        command += [sys.executable, "-m", "linter", "check", str(directory), "--format", "json"]
        subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        usage = json.loads(report.read_text(encoding="utf-8"))
    return usage["wall"], usage["max_rss"], usage["exit_code"]


def measure(runs: int, mib: tuple[float, float], counts: tuple[int, int]) -> list[dict[str, object]]:
    """Every case at its two sizes, the runs of the two interleaved."""
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as work:
        tiny = Path(work) / "tiny"
        tiny.mkdir()
        (tiny / "env.yaml").write_text("system:\n  default:\n    web:\n      secure:\n        use: 1\n")
        startup = statistics.median(_run_once(tiny)[0] for _ in range(runs))
        rows.append({"case": "start-up (one tiny file)", "unit": "run", "size": 1, "wall": startup})
        for name, (make, unit) in CASES.items():
            sizes = counts if unit != "MiB" else (int(mib[0] * MIB), int(mib[1] * MIB))
            directories: list[tuple[Path, float]] = []
            for size in sizes:
                directory = Path(work) / f"{len(rows)}-{size}"
                directory.mkdir()
                file, text = make(size)
                (directory / file).write_text(text, encoding="utf-8")
                units = len(text.encode()) / MIB if unit == "MiB" else size / 1000
                directories.append((directory, units))
            samples: list[list[tuple[float, int, int]]] = [[], []]
            for _ in range(runs):
                for index, (directory, _) in enumerate(directories):
                    samples[index].append(_run_once(directory))
            for index, (_, units) in enumerate(directories):
                walls = [sample[0] for sample in samples[index]]
                rows.append(
                    {
                        "case": name,
                        "unit": unit,
                        "size": round(units, 2),
                        "wall": statistics.median(walls),
                        "per_unit": max(statistics.median(walls) - startup, 0.0) / units,
                        "max_rss_mib": max(sample[1] for sample in samples[index]) / MIB,
                        "exit_codes": sorted({sample[2] for sample in samples[index]}),
                    }
                )
            rows[-1]["growth"] = rows[-1]["per_unit"] / rows[-2]["per_unit"]  # type: ignore[operator]
    return rows


def render(rows: list[dict[str, object]]) -> str:
    """The rows as a fixed-width table."""
    header = f"{'case':30} {'size':>16} {'wall s':>8} {'s per unit':>11} {'max RSS MiB':>12} {'growth':>7}"
    lines = [header, "-" * len(header)]
    for row in rows:
        size = f"{row['size']} {row['unit']}"
        if "per_unit" not in row:
            lines.append(f"{row['case']:30} {size:>16} {row['wall']:8.2f}")
            continue
        growth = f"{row['growth']:.2f}" if "growth" in row else ""
        lines.append(
            f"{row['case']:30} {size:>16} {row['wall']:8.2f} {row['per_unit']:11.3f}"
            f" {row['max_rss_mib']:12.0f} {growth:>7}"
        )
    lines.append("s per unit: wall time less start-up, per MiB of input or per 1,000 store views")
    lines.append("growth: the larger size's seconds per unit over the smaller's (1.00 = linear)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--small", type=float, default=2.0, help="smaller file size in MiB")
    parser.add_argument("--large", type=float, default=8.0, help="larger file size in MiB")
    parser.add_argument("--scopes", default="1000,4000", help="store view counts, smaller,larger")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    options = parser.parse_args(argv)
    small, large = (int(count) for count in options.scopes.split(","))
    rows = measure(options.runs, (options.small, options.large), (small, large))
    print(json.dumps(rows, indent=2) if options.format == "json" else render(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
