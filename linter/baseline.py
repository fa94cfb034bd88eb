"""Baselines: record today's findings by line-independent fingerprint, then report only new ones."""

from __future__ import annotations

import datetime
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from linter import __version__
from linter.errors import LoadError, SettingsError, UsageError
from linter.filepaths import display_path
from linter.loaders.reading import read_text
from linter.result import LintResult
from linter.textsafe import visible
from linter.writing import refuse_inputs, write_atomically

FORMAT = "commerce-lint-baseline/1"


def _change_rule_ids(result: LintResult) -> set[str]:
    # A change finding is about this change, not a standing condition to adopt: its fingerprint does
    # not depend on the values, so a baselined rotation would silence every later rotation too.
    return {rule.id for rule in result.rules if rule.level == "change"}


def baseline_document(result: LintResult) -> dict[str, Any]:
    """The baseline for ``result``: one entry per (non-waived) finding, change findings left out."""
    changes = _change_rule_ids(result)
    entries = [
        {
            "fingerprint": f.fingerprint,
            "rule": f.rule,
            "instance": f.instance,
            "file": f.place.file,
            "paths": list(f.paths),
            "message": f.message,
        }
        for f in result.findings
        if not f.waived and f.rule not in changes
    ]
    entries.sort(key=lambda entry: (entry["fingerprint"], entry["message"]))
    return {
        "format": FORMAT,
        "tool": {"name": "commerce-lint", "version": __version__},
        "created": datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat(),
        "entries": entries,
    }


def write_baseline(result: LintResult, path: Path) -> int:
    """Write the baseline atomically; returns how many findings it records."""
    refuse_inputs([path], result.read_files)
    document = baseline_document(result)
    try:
        write_atomically(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    except OSError as error:
        raise UsageError(
            f"cannot write the baseline: {error.strerror or error}", display_path(path)
        ) from None
    return len(document["entries"])


MAX_BASELINE_BYTES = 256 * 1024 * 1024  # about 800,000 findings
_TEXT_FIELDS = ("fingerprint", "rule", "instance", "file", "message")


def load_baseline(path: Path) -> list[dict[str, Any]]:
    """The entries of a baseline file; a SettingsError naming the file (and line) when it is not one."""
    display = display_path(path)
    try:
        # read_text refuses FIFOs, devices and directories without blocking, and bounds the size.
        text = read_text(path, display, MAX_BASELINE_BYTES)
    except LoadError as error:
        raise SettingsError(f"cannot read baseline: {error.message}", display, error.line) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SettingsError(f"invalid baseline JSON: {error.msg}", display, error.lineno) from None
    except RecursionError:
        raise SettingsError("invalid baseline JSON: nested too deeply", display) from None
    except ValueError:  # a number longer than Python's int-to-string limit
        line = _long_number_line(text)
        raise SettingsError("invalid baseline JSON: a number with too many digits", display, line) from None
    if (
        not isinstance(data, dict)
        or data.get("format") != FORMAT
        or not isinstance(data.get("entries"), list)
    ):
        raise SettingsError(f"not a commerce-lint baseline (expected format {FORMAT})", display, 1)
    return [entry for entry in map(_entry, data["entries"]) if entry is not None]


def _entry(item: object) -> dict[str, Any] | None:
    """A baseline entry with only the fields we write, of the types we write (reporters show them)."""
    if not isinstance(item, dict) or not isinstance(item.get("fingerprint"), str):
        return None
    entry: dict[str, Any] = {
        key: item[key] if key == "fingerprint" else visible(item[key])
        for key in _TEXT_FIELDS
        if isinstance(item.get(key), str)
    }
    paths = item.get("paths")
    entry["paths"] = [visible(p) for p in paths if isinstance(p, str)] if isinstance(paths, list) else []
    return entry


def _long_number_line(text: str) -> int | None:
    match = re.search(r"\d{4301}", text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def apply_baseline(result: LintResult, entries: list[dict[str, Any]]) -> None:
    """Drop findings the baseline knows; remember baseline entries that no longer occur.

    Change findings are never dropped, whatever the baseline holds (see ``_change_rule_ids``).
    """
    known = Counter(str(entry["fingerprint"]) for entry in entries)
    changes = _change_rule_ids(result)
    kept = []
    for finding in result.findings:
        if finding.rule in changes:
            kept.append(finding)
            continue
        # Baselines written before fingerprints were anchored to the instance directory used the
        # working-directory-relative path: those entries still match when run from the same place.
        fingerprint = finding.fingerprint
        if known[fingerprint] == 0 and finding.file_key is not None:
            fingerprint = finding.fingerprint_with(finding.place.file)
        if known[fingerprint] > 0 and not finding.waived:
            known[fingerprint] -= 1
            result.baselined += 1
            continue
        kept.append(finding)
    result.findings = kept
    for finding, _ in result.folded:  # still occurs, as a note of the finding that covers it
        if known[finding.fingerprint] > 0:
            known[finding.fingerprint] -= 1
    remaining = Counter(known)
    for entry in entries:
        fingerprint = str(entry["fingerprint"])
        if remaining[fingerprint] > 0:
            remaining[fingerprint] -= 1
            result.baseline_gone.append(entry)
