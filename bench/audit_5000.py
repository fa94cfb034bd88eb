#!/usr/bin/env python3
"""The audit report at 5,000 instances: its size, how long Chromium takes to open it, and its width.

    python bench/audit_5000.py [--instances 5000] [--runs 3] [--keep DIR]

Generates bench/generate.py's YAML corpus (2% of instances broken, as in bench/run), writes the report
with ``commerce-lint report`` (timed), then opens it in headless Chromium (Debian's ``chromium``):

* open: the page's own clock (``performance.now()`` when the last element has been parsed and the
  whole page laid out), the median of ``--runs``; and Chromium's wall time to open the report and
  take a screenshot of its first screen, less the same for an empty page (start-up is not the
  report's cost);
* width: the page's scroll width against its viewport, at 1366 px and (inside a 390 px iframe, as
  headless Chromium's window is at least 500 px wide) at 390 px.

Targets (issue 17): under 5 MB, open under 3 s, never wider than the screen. This is not a timed test:
run it by hand on a quiet machine. Exit code 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
SIZE_LIMIT = 5 * 1024 * 1024
OPEN_LIMIT = 3.0

# Appended to a copy of the report (the report has no scripts): reading scrollHeight forces layout.
CLOCK = """<script>
(function () {
  var page = document.documentElement, height = page.scrollHeight;
  var out = document.createElement("pre"); out.id = "bench";
  out.textContent = JSON.stringify({ms: performance.now(), height: height,
    scroll: page.scrollWidth, client: page.clientWidth, inner: innerWidth});
  document.body.appendChild(out);
  try { parent.postMessage(out.textContent, "*"); } catch (e) {}
})();
</script>"""
FRAME = """<!DOCTYPE html><html><body style="margin:0">
<iframe src="{src}" style="width:{width}px;height:900px;border:0"></iframe><pre id="bench"></pre>
<script>addEventListener("message", function (e) {{
  document.getElementById("bench").textContent = e.data;
}});</script></body></html>"""


def chromium(profile: Path, *args: str) -> tuple[float, str]:
    """Wall time and stdout of one headless Chromium run."""
    started = time.perf_counter()
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"chromium failed: {done.stderr[-2000:]}")
    return time.perf_counter() - started, done.stdout


def measured(dom: str) -> dict[str, float]:
    """The figures CLOCK wrote into the dumped page."""
    start = dom.index('<pre id="bench">') + len('<pre id="bench">')
    figures: dict[str, float] = json.loads(dom[start : dom.index("</pre>", start)].replace("&quot;", '"'))
    return figures


def main(argv: list[str] | None = None) -> int:
    """Generate, report, open; print the figures and the targets."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--instances", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="work here (and keep the corpus and report)")
    parser.add_argument("--report", type=Path, help="open this report instead of generating and writing one")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from bench.generate import generate

    work = args.keep or Path(tempfile.mkdtemp(prefix="audit-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    report = args.report or work / "audit.html"
    written = 0.0
    if args.report is None:
        corpus = work / f"yaml-{args.instances}"
        if not corpus.exists():
            generate(corpus, args.instances, "yaml", 1)
        started = time.perf_counter()
        command = [sys.executable, "-m", "linter", "report", corpus.name, "-o", str(report), "-q"]
        subprocess.run(command, cwd=work, check=True)
        written = time.perf_counter() - started
    size = report.stat().st_size
    probe = work / "probe.html"
    probe.write_text(
        report.read_text(encoding="utf-8").replace("</body>", CLOCK + "</body>"), encoding="utf-8"
    )
    empty = work / "empty.html"
    empty.write_text("<!DOCTYPE html><title>empty</title><p>empty", encoding="utf-8")
    profile = work / "profile"
    page, wall, bare = [], [], []
    shot = f"--screenshot={work / 'shot.png'}"
    for _ in range(args.runs):
        # Open and paint the first screen (a screenshot: no DOM to serialize), less an empty page.
        bare.append(chromium(profile, "--window-size=1366,900", shot, empty.as_uri())[0])
        wall.append(chromium(profile, "--window-size=1366,900", shot, report.as_uri())[0])
        page.append(
            measured(chromium(profile, "--window-size=1366,900", "--dump-dom", probe.as_uri())[1])["ms"]
            / 1000
        )
    widths = {}
    for width in (1366, 390):
        frame = work / f"frame-{width}.html"
        frame.write_text(FRAME.format(src=probe.name, width=width), encoding="utf-8")
        figures = measured(
            chromium(profile, f"--window-size={max(width, 500)},940", "--dump-dom", frame.as_uri())[1]
        )
        widths[width] = figures
    opened = statistics.median(page)
    over_startup = statistics.median(wall) - statistics.median(bare)
    rows = [
        ("instances", f"{args.instances}", ""),
        ("commerce-lint report (wall)", f"{written:.1f} s" if written else "(given)", ""),
        ("report size", f"{size / 1e6:.2f} MB", "PASS" if size < SIZE_LIMIT else "FAIL"),
        (
            "open: parsed and laid out (page clock)",
            f"{opened:.2f} s",
            "PASS" if opened < OPEN_LIMIT else "FAIL",
        ),
        (
            "open: screenshot wall less an empty page",
            f"{over_startup:.2f} s",
            "PASS" if over_startup < OPEN_LIMIT else "FAIL",
        ),
    ]
    for width, figures in widths.items():
        fits = figures["inner"] == width and figures["scroll"] == figures["client"]
        rows.append(
            (
                f"width at {width} px",
                f"scroll {figures['scroll']:.0f} / viewport {figures['client']:.0f}",
                "PASS" if fits else "FAIL",
            )
        )
    rows.append(("page height at 1366 px", f"{widths[1366]['height']:.0f} px", ""))
    for name, value, verdict in rows:
        print(f"{name:<42} {value:>28}  {verdict}")
    if not args.keep:
        print(f"(work folder {work}; pass --keep DIR to choose it)")
    return 1 if any(verdict == "FAIL" for _, _, verdict in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
