"""Identity and scope of reading: unique instance names, fingerprints that do not depend on the working
directory, no reading outside the tree unless the settings say so, and no silent settings file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, run_cli


def _two_named_production(tmp_path: Path) -> Path:
    fleet = tmp_path / "fleet"
    shutil.copytree(EXAMPLES / "fleet" / "production", fleet / "eu" / "live")
    shutil.copytree(EXAMPLES / "fleet" / "production", fleet / "us" / "live")
    shutil.copytree(EXAMPLES / "fleet" / "staging", fleet / "us" / "staging")
    return fleet


def test_two_instances_stating_one_name_are_an_error_and_both_are_checked(tmp_path: Path) -> None:
    fleet = _two_named_production(tmp_path)
    done = run_cli("check", "fleet", "--format", "json", cwd=tmp_path)
    assert done.returncode == 2
    errors = [line for line in done.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and "'production'" in errors[0], done.stderr
    assert "fleet/eu/live" in errors[0] and "fleet/us/live" in errors[0]
    report = json.loads(done.stdout)
    names = sorted(instance["name"] for instance in report["instances"])
    assert names == ["production (eu/live)", "production (us/live)", "staging"]
    per_instance = {finding["instance"] for finding in report["findings"]}
    assert {"production (eu/live)", "production (us/live)"} <= per_instance
    # The audit report shows both, each with its own column.
    audit = run_cli("report", "fleet", "--format", "markdown", "-o", "audit.md", cwd=tmp_path)
    assert audit.returncode == 2
    text = (tmp_path / "audit.md").read_text()
    assert "production (eu/live)" in text and "production (us/live)" in text
    # Names and fingerprints are the same from inside the fleet.
    inner = run_cli("check", "eu", "us", "--format", "json", cwd=fleet)
    assert sorted(i["name"] for i in json.loads(inner.stdout)["instances"]) == names
    assert _fingerprints(inner.stdout) == _fingerprints(done.stdout)


def test_a_change_check_matches_each_clashing_instance_with_its_own_before_state(tmp_path: Path) -> None:
    fleet = _two_named_production(tmp_path)
    shutil.copytree(fleet, tmp_path / "before")
    done = run_cli("check", "fleet", "--before", "before", "--format", "json", cwd=tmp_path)
    plain = run_cli("check", "fleet", "--format", "json", cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert _fingerprints(done.stdout) == _fingerprints(plain.stdout)  # nothing "added" or "removed"


def _fingerprints(report: str) -> list[str]:
    return sorted(finding["fingerprint"] for finding in json.loads(report)["findings"])


def _repository(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "fleet", repo)
    (repo / "sub").mkdir()
    (repo / ".git").mkdir()  # enough for "the repository root" (no git command is run by a plain check)
    return repo


def _locations(sarif: str) -> list[tuple[str, str]]:
    run = json.loads(sarif)["runs"][0]
    found = []
    for result in run["results"]:
        for location in result.get("locations", []):
            uri = location.get("physicalLocation", {}).get("artifactLocation", {}).get("uri", "")
            found.append((result["partialFingerprints"]["commerceLint/v1"], uri))
    return sorted(found) + sorted(("artifact", a["location"]["uri"]) for a in run["artifacts"])


def test_fingerprints_baselines_and_sarif_do_not_depend_on_the_working_directory(tmp_path: Path) -> None:
    repo = _repository(tmp_path)
    top = run_cli("check", ".", "--format", "json=top.json", "--format", "sarif=top.sarif", cwd=repo)
    below = run_cli(
        "check", "..", "--format", "json=../below.json", "--format", "sarif=../below.sarif", cwd=repo / "sub"
    )
    assert top.returncode == below.returncode == 1, (top.stderr, below.stderr)
    assert _fingerprints((repo / "top.json").read_text()) == _fingerprints((repo / "below.json").read_text())
    assert _locations((repo / "top.sarif").read_text()) == _locations((repo / "below.sarif").read_text())
    assert ("artifact", "production/env.yaml") in _locations((repo / "top.sarif").read_text())
    # A baseline recorded at the top matches every finding from the subdirectory, and the other way.
    assert run_cli("baseline", ".", "-o", "../top-base.json", cwd=repo).returncode == 0
    assert run_cli("baseline", "..", "-o", "../../below-base.json", cwd=repo / "sub").returncode == 0
    for baseline, cwd, path in (
        (tmp_path / "top-base.json", repo / "sub", ".."),
        (tmp_path / "below-base.json", repo, "."),
    ):
        done = run_cli("check", path, "--baseline", str(baseline), cwd=cwd)
        assert done.returncode == 0, done.stdout
        assert "baseline entries no longer occur" not in done.stdout


def _linked_fleet(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    shutil.copytree(EXAMPLES / "fleet" / "staging", outside / "staging")
    outside.joinpath("env.yaml").write_bytes((EXAMPLES / "fleet" / "production" / "env.yaml").read_bytes())
    fleet = tmp_path / "fleet"
    (fleet / "prod").mkdir(parents=True)
    (fleet / "prod" / "env.yaml").symlink_to(outside / "env.yaml")
    (fleet / "linked").symlink_to(outside / "staging")
    shutil.copytree(EXAMPLES / "fleet" / "dev", fleet / "dev")
    (fleet / "dev" / "alias.env.yaml").symlink_to("env.yaml")  # a link that stays inside: read
    return fleet


def _files(report: str) -> list[str]:
    return sorted(file["path"] for instance in json.loads(report)["instances"] for file in instance["files"])


def test_symbolic_links_out_of_the_scanned_tree_are_skipped_with_one_warning_each(tmp_path: Path) -> None:
    fleet = _linked_fleet(tmp_path)
    done = run_cli("check", "fleet", "--format", "json", cwd=tmp_path)
    assert "Traceback" not in done.stderr
    assert _files(done.stdout) == ["fleet/dev/alias.env.yaml", "fleet/dev/config.yaml", "fleet/dev/env.yaml"]
    # Each is an error for its instance (exit 2), never a silent absence; the others are still checked.
    errors = [line for line in done.stderr.splitlines() if line.startswith("commerce-lint: error:")]
    assert len(errors) == 2 and done.returncode == 2, done.stderr
    assert any("fleet/prod/env.yaml: not followed" in line for line in errors)
    assert any("fleet/linked: not followed" in line for line in errors)
    # A file named on the command line is read wherever it leads.
    named = run_cli("check", "../prod/env.yaml", "--format", "json", cwd=fleet / "dev")
    assert _files(named.stdout) == ["../prod/env.yaml"] and "warning" not in named.stderr, named.stderr
    # The settings say so explicitly: both are read.
    (tmp_path / "commerce-lint.yaml").write_text("follow_outside: true\n")
    followed = run_cli("check", "fleet", "--format", "json", cwd=tmp_path)
    assert "warning" not in followed.stderr, followed.stderr
    assert {"fleet/prod/env.yaml", "fleet/linked/env.json"} <= set(_files(followed.stdout))


def test_inventory_paths_outside_the_repository_are_skipped_unless_the_settings_say_so(
    tmp_path: Path,
) -> None:
    shutil.copytree(EXAMPLES / "fleet" / "production", tmp_path / "elsewhere")
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "fleet" / "staging", repo / "staging")
    (repo / ".git").mkdir()
    inventory = (
        "instances:\n"
        "  - {name: prod, files: ['../elsewhere/env.yaml']}\n"
        "  - {name: stg, files: ['staging/*']}\n"
    )
    (repo / "commerce-lint.yaml").write_text(inventory)
    done = run_cli("check", "--format", "json", cwd=repo)
    assert [i["name"] for i in json.loads(done.stdout)["instances"]] == ["stg"], done.stderr
    assert "elsewhere/env.yaml: not followed: it leads outside the repository" in done.stderr
    assert done.returncode == 2  # an error for that instance, never a silent absence
    (repo / "commerce-lint.yaml").write_text(inventory + "follow_outside: true\n")
    done = run_cli("check", "--format", "json", cwd=repo)
    assert sorted(i["name"] for i in json.loads(done.stdout)["instances"]) == ["prod", "stg"], done.stderr


def test_a_settings_file_above_the_working_directory_is_named(tmp_path: Path) -> None:
    work = tmp_path / "work"
    shutil.copytree(EXAMPLES / "fleet" / "production", work / "prod")
    (tmp_path / "commerce-lint.yaml").write_text("ignore: [PS-ENABLED-NEEDS-MERCHANT-ID]\n")
    done = run_cli("check", "prod", cwd=work)
    first = done.stdout.splitlines()[0]
    assert first.startswith("settings: ") and str(tmp_path / "commerce-lint.yaml") in first, done.stdout
    assert "found above the working directory" in done.stderr
    quiet = run_cli("check", "prod", "--format", "json", "--verbose", cwd=work)
    assert f"commerce-lint: settings: {tmp_path / 'commerce-lint.yaml'}" in quiet.stderr
    # Inside a repository the search stops at its root: the file above is not used at all.
    (work / ".git").mkdir()
    inside = run_cli("check", "prod", "-v", cwd=work)
    assert "commerce-lint: settings: none found" in inside.stderr
    assert "PS-ENABLED-NEEDS-MERCHANT-ID" in inside.stdout and not inside.stdout.startswith("settings:")
    # A settings file in the working directory is the ordinary case: no extra line.
    (work / ".git").rmdir()
    (work / "commerce-lint.yaml").write_text("fail_on: error\n")
    plain = run_cli("check", "prod", cwd=work)
    assert not plain.stdout.startswith("settings:") and "warning" not in plain.stderr


def test_a_baseline_written_before_fingerprints_were_anchored_still_matches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib

    from linter.baseline import baseline_document
    from linter.checkrun import CheckRequest, run_check
    from linter.settings import load_settings

    repo = _repository(tmp_path)
    monkeypatch.chdir(repo)
    result = run_check(CheckRequest(paths=(".",)), load_settings())
    document = baseline_document(result)
    # The fingerprint as commerce-lint 0.x computed it: over the working-directory-relative path.
    old = {
        f.fingerprint: hashlib.sha256(
            "|".join((f.rule, f.instance or "", f.place.file, ",".join(f.paths), f.key)).encode()
        ).hexdigest()[:16]
        for f in result.findings
    }
    assert any(old[key] != key for key in old)
    for entry in document["entries"]:
        entry["fingerprint"] = old[entry["fingerprint"]]
    (tmp_path / "old.json").write_text(json.dumps(document))
    done = run_cli("check", ".", "--baseline", str(tmp_path / "old.json"), cwd=repo)
    assert done.returncode == 0, done.stdout
    assert f"{len(document['entries'])} in baseline" in done.stdout
    assert "no longer occur" not in done.stdout
