"""The audit report in a real headless Chromium: as wide as the screen at 1366 and 390 px, cards on a
phone, and printable to PDF (read back with poppler's pdftotext)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from linter.result import LintResult
from tests.reporters.conftest import render
from tests.reporters.test_html_browser import ARTIFACTS, CHROMIUM, _chromium
from tests.reporters.test_i17_audit_scale import fleet_of

# Headless Chromium's window is at least 500 px wide, so a phone's 390 px viewport is an iframe of that
# width in a frame page. PROBE, appended to a copy of the report (the report itself has no scripts),
# measures the laid-out page inside it and posts the figures to the frame page, which --dump-dom prints.
FRAME = """<!DOCTYPE html><html><body style="margin:0;background:#444">
<iframe src="{src}" style="width:{width}px;height:{height}px;border:0;background:#fff"></iframe>
<pre id="probe"></pre>
<script>addEventListener("message", function (e) {{
  document.getElementById("probe").textContent = e.data;
}});</script>
</body></html>"""
PROBE = """<script>
(function () {
  var page = document.documentElement, row = document.querySelector("table.findings tr[id]");
  var wide = [];
  document.querySelectorAll("body *").forEach(function (el) {
    if (el.closest(".scroll") || el.closest("details:not([open])")) return;
    if (el.getBoundingClientRect().right > window.innerWidth + 1) wide.push(el.tagName + "." + el.className);
  });
  parent.postMessage(JSON.stringify({
    scroll: page.scrollWidth, client: page.clientWidth, inner: window.innerWidth, height: page.scrollHeight,
    row: row ? getComputedStyle(row).display : null, wide: wide.slice(0, 5)
  }), "*");
})();
</script>"""


def _require(tool: Path | str | None, what: str) -> None:
    """Skipped on a developer's machine without the tool; in CI (``CI`` set) that is a failure."""
    if tool is not None and Path(tool).exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI is set and {what} is missing (.ci/run installs it)")
    pytest.skip(f"needs {what} (.ci/run installs it)")


@pytest.fixture(autouse=True)
def _chromium_present() -> None:
    _require(CHROMIUM, "Debian's chromium package at /usr/bin/chromium")


@pytest.fixture()
def report(fleet_result: LintResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    path = tmp_path / "audit.html"
    path.write_text(render("html", fleet_result), encoding="utf-8")
    return path


def _framed(report: Path, width: int, height: int, probe: bool) -> tuple[Path, str]:
    """A frame page showing ``report`` at ``width`` CSS px, and the window size it needs."""
    page = report
    if probe:
        page = report.with_name(f"probe-{width}.html")
        text = report.read_text(encoding="utf-8")
        page.write_text(text.replace("</body>", PROBE + "\n</body>"), encoding="utf-8")
    frame = report.with_name(f"frame-{width}{'-probe' if probe else ''}.html")
    frame.write_text(FRAME.format(src=page.name, width=width, height=height), encoding="utf-8")
    return frame, f"--window-size={max(width, 500)},{height + 40}"  # room for the frame page: no scrollbar


def _measure(report: Path, width: int, profile: Path) -> dict[str, object]:
    frame, size = _framed(report, width, 900, probe=True)
    done = _chromium(profile, size, "--dump-dom", frame.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    start = done.stdout.index('<pre id="probe">') + len('<pre id="probe">')
    measured: dict[str, object] = json.loads(
        done.stdout[start : done.stdout.index("</pre>", start)].replace("&quot;", '"')
    )
    return measured


@pytest.mark.parametrize(("width", "display"), [(1366, "table-row"), (390, "block")])
def test_page_is_as_wide_as_the_screen(report: Path, tmp_path: Path, width: int, display: str) -> None:
    measured = _measure(report, width, tmp_path / "profile")
    assert measured["inner"] == width
    assert measured["scroll"] == measured["client"], measured  # no sideways scrolling of the page
    assert measured["wide"] == [], measured
    assert measured["row"] == display  # on a phone each finding is a card


def test_screenshots_at_desktop_and_phone_width(report: Path, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for width, height in ((1366, 2400), (390, 2400)):
        shot = ARTIFACTS / f"audit-{width}.png"
        shot.unlink(missing_ok=True)
        frame, size = _framed(report, width, height, probe=False)
        done = _chromium(tmp_path / "profile", f"--screenshot={shot}", size, frame.as_uri())
        assert done.returncode == 0, done.stderr[-2000:]
        data = shot.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        assert int.from_bytes(data[16:20], "big") == max(width, 500)  # the PNG header's width (see FRAME)
        assert len(data) > 30_000  # a page, not a blank screen


def test_a_large_fleet_is_as_wide_as_a_phone(fleet_result: LintResult, tmp_path: Path) -> None:
    path = tmp_path / "large.html"
    path.write_text(render("html", fleet_of(fleet_result, 300)), encoding="utf-8")
    for width in (1366, 390):
        measured = _measure(path, width, tmp_path / f"profile-{width}")
        assert measured["inner"] == width and measured["scroll"] == measured["client"], measured
        assert measured["wide"] == [], measured


def test_prints_to_pdf_with_its_text(report: Path, tmp_path: Path, fleet_result: LintResult) -> None:
    pdftotext, pdfinfo = shutil.which("pdftotext"), shutil.which("pdfinfo")
    _require(pdftotext and pdfinfo, "poppler-utils (pdftotext, pdfinfo)")
    assert pdftotext and pdfinfo
    pdf = tmp_path / "audit.pdf"
    done = _chromium(tmp_path / "profile", f"--print-to-pdf={pdf}", "--no-pdf-header-footer", report.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    assert pdf.read_bytes().startswith(b"%PDF-")
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= 3
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert text.count("\f") >= pages - 1  # one form feed between pages: every page has been read
    first_page = text.split("\f")[0]
    assert "Fix first" in first_page and "Loses data" in first_page  # risk first, on page one
    assert "FLEET-UNIQUE-DATASPACE" in text
    for summary in fleet_result.instances:
        assert summary.name in text
    # details are open in a small fleet's report, so every finding is in the print
    assert "examples/fleet/production/env.yaml:45:11" in text
