"""SARIF as GitHub code scanning reads it: paths from the repository root, rule help and severity.

Checked against the SARIF 2.1.0 schema and with Microsoft's SARIF multitool (``validate``, the
GitHub rule set), installed from the npm registry (tests/support/sarif_multitool.py).
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import tomllib
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from linter.finding import Finding, Severity
from linter.location import Location
from linter.reporters import about
from linter.reporters.sarif import SRCROOT, artifact_uri
from linter.result import LintResult
from tests.conftest import EXAMPLES, ROOT
from tests.reporters.conftest import check, render
from tests.reporters.test_sarif import SCHEMA
from tests.support.inprocess import run_main
from tests.support.sarif_multitool import validate

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _sarif(result: LintResult) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(render("sarif", result))
    return document


def _run(argument: str | Path, cwd: Path) -> dict[str, Any]:
    """Check and render in ``cwd``, as the command does (display paths are relative to it)."""
    with contextlib.chdir(cwd):
        return _sarif(check(argument, cwd=cwd))


def _valid(document: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    errors = list(Draft7Validator(schema).iter_errors(document))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git work tree with the example fleet at configs/fleet and an empty folder tools/ci."""
    top = tmp_path_factory.mktemp("repo") / "shop"
    shutil.copytree(EXAMPLES / "fleet", top / "configs/fleet")
    (top / "tools/ci").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(top)], check=True, capture_output=True)
    return top


def _uris(document: dict[str, Any]) -> set[tuple[str, str | None]]:
    run = document["runs"][0]
    found = set()
    for result in run["results"]:
        for location in [*result.get("locations", []), *result.get("relatedLocations", [])]:
            artifact = location.get("physicalLocation", {}).get("artifactLocation")
            if artifact:
                found.add((artifact["uri"], artifact.get("uriBaseId")))
    return found


@pytest.mark.parametrize(
    ("cwd", "argument"),
    [
        ("", "configs/fleet"),  # the repository root
        ("tools/ci", "../../configs/fleet"),  # a subdirectory, with ../ inputs
        ("configs/fleet/production", ".."),  # inside the input
    ],
)
def test_uris_are_relative_to_the_repository_root_wherever_the_run_starts(
    repository: Path, cwd: str, argument: str
) -> None:
    document = _run(argument, repository / cwd)
    _valid(document)
    run = document["runs"][0]
    assert run["originalUriBaseIds"] == {SRCROOT: {"uri": repository.as_uri() + "/"}}
    uris = _uris(document)
    assert uris, "the fleet has findings with files"
    assert all(base == SRCROOT and uri.startswith("configs/fleet/") for uri, base in uris), uris
    assert ("configs/fleet/production/env.yaml", SRCROOT) in uris
    artifacts = {artifact["location"]["uri"] for artifact in run["artifacts"]}
    assert "configs/fleet/staging/env.json" in artifacts


def test_the_root_is_the_inputs_repository_even_from_outside_it(repository: Path, tmp_path: Path) -> None:
    document = _run(repository / "configs/fleet", tmp_path)
    assert document["runs"][0]["originalUriBaseIds"][SRCROOT]["uri"] == repository.as_uri() + "/"
    assert ("configs/fleet/dev/env.yaml", SRCROOT) in _uris(document)


def test_outside_any_repository_the_working_directory_is_the_root(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "fleet", tmp_path / "fleet")
    (tmp_path / "run").mkdir()
    document = _run("../fleet", tmp_path / "run")
    assert document["runs"][0]["originalUriBaseIds"][SRCROOT]["uri"] == (tmp_path / "run").as_uri() + "/"
    # Outside the root there is no relative URI: an absolute one, with no base id.
    uris = _uris(document)
    assert ((tmp_path / "fleet/production/env.yaml").as_uri(), None) in uris
    assert all(uri.startswith("file:///") and base is None for uri, base in uris)


def test_artifact_uris_in_a_root() -> None:
    root = str(ROOT)
    assert artifact_uri("examples/fleet/dev/env.yaml", root) == "examples/fleet/dev/env.yaml"
    assert artifact_uri(str(ROOT / "examples/fleet/dev/env.yaml"), root) == "examples/fleet/dev/env.yaml"
    # A file of a git revision, as change rules name it: its path in the repository.
    assert artifact_uri("HEAD:app/etc/env.php", root) == "app/etc/env.php"
    assert artifact_uri("origin/main:app/etc/env.php", root) == "app/etc/env.php"
    assert artifact_uri("<environment>", root) is None
    assert artifact_uri("/elsewhere/env.php", root) == "file:///elsewhere/env.php"


def test_rules_carry_help_page_severity_precision_and_tags(fleet_result: LintResult) -> None:
    rules = {rule.id: rule for rule in fleet_result.rules}
    for descriptor in _sarif(fleet_result)["runs"][0]["tool"]["driver"]["rules"]:
        rule = rules[descriptor["id"]]
        page = ROOT / "docs/rules" / f"{rule.id}.md"
        assert page.is_file()
        assert (
            descriptor["helpUri"]
            == f"{PYPROJECT['project']['urls']['Repository']}/blob/main/docs/rules/{rule.id}.md"
        )
        help_text, markdown = descriptor["help"]["text"], descriptor["help"]["markdown"]
        for text in (rule.rationale, rule.remediation):
            assert " ".join(text.split()) in help_text and " ".join(text.split()) in markdown
        assert all(source.document in help_text for source in rule.sources)
        assert descriptor["helpUri"] in markdown
        properties = descriptor["properties"]
        assert "security" in properties["tags"] and set(rule.tags) <= set(properties["tags"])
        assert properties["precision"] in ("very-high", "high")
        severity = float(properties["security-severity"])
        expected = {"error": (8.0, 9.0), "warning": (5.0,), "info": (2.0,)}[rule.severity.value]
        assert severity in expected
    by_id = {d["id"]: d for d in _sarif(fleet_result)["runs"][0]["tool"]["driver"]["rules"]}
    # A data space that two instances share loses data: the top of GitHub's "high".
    assert by_id["FLEET-UNIQUE-DATASPACE"]["properties"]["security-severity"] == "9.0"
    assert by_id["CSC-PRIVATE-KEY-PEM"]["properties"]["security-severity"] == "8.0"
    assert by_id["INPUT-ENVIRONMENT-TYPE-UNKNOWN"]["properties"]["precision"] == "high"


def test_a_rule_of_the_users_own_folder_links_no_page(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    source = (ROOT / "rules/payments/PS-METHOD-VALUE.yaml").read_text(encoding="utf-8")
    (folder / "X.yaml").write_text(source.replace("id: PS-METHOD-VALUE", "id: ACME-METHOD"), encoding="utf-8")
    from linter.catalog.loader import load_catalog

    rule = next(rule for rule in load_catalog([str(folder)]) if rule.id == "ACME-METHOD")
    assert about.rule_page_url(rule) is None
    document = _sarif(LintResult(rules=[rule]))
    descriptor = document["runs"][0]["tool"]["driver"]["rules"][0]
    assert "docs/rules" not in json.dumps(descriptor)


def test_the_driver_is_true(fleet_result: LintResult) -> None:
    run = _sarif(fleet_result)["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["version"] == driver["semanticVersion"] == metadata.version("commerce-lint")
    assert driver["informationUri"] == PYPROJECT["project"]["urls"]["Repository"] == about.REPOSITORY
    assert driver["fullName"].startswith(f"commerce-lint {driver['version']}: ")
    assert "commerce-lint.dev" not in json.dumps(run)  # the old placeholder domain
    assert run["automationDetails"]["id"] == "commerce-lint/"


def test_related_places_say_what_they_are() -> None:
    finding = Finding(
        rule="CHG-PARTIAL-KEY-ROTATION",
        severity=Severity.ERROR,
        message="only one key of the pair was rotated",
        instance="production",
        paths=("services_connector/services_connector_integration/production_api_key",),
        place=Location("examples/fleet/production/env.yaml", 20, 9),
        related=(Location("examples/fleet/production/env.yaml", 25, 9, note="the key left unrotated"),),
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        document = _sarif(LintResult(rules=[], findings=[finding], inputs=["examples/fleet/production"]))
    _valid(document)
    related = document["runs"][0]["results"][0]["relatedLocations"][0]
    assert related["message"]["text"] == "examples/fleet/production/env.yaml:25:9: the key left unrotated"


def test_through_the_cli_from_a_subdirectory(
    repository: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repository / "tools/ci")
    code, out, _ = run_main(monkeypatch, capsys, "check", "../../configs/fleet", "--format", "sarif")
    assert code == 1
    assert ("configs/fleet/staging/env.json", SRCROOT) in _uris(json.loads(out))


@pytest.fixture(scope="module")
def written(repository: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The SARIF of a run from a subdirectory, with ../ inputs, on disk."""
    path = tmp_path_factory.mktemp("sarif") / "results.sarif"
    path.write_text(json.dumps(_run("../../configs/fleet", repository / "tools/ci")), encoding="utf-8")
    return path


def test_the_github_rule_set_of_the_multitool_finds_nothing(written: Path, tmp_path: Path) -> None:
    problems = validate(written, "Gh", tmp_path / "gh.sarif")
    assert not problems, [problem["message"] for problem in problems[:5]]


def test_the_multitool_would_see_a_location_github_cannot_place(written: Path, tmp_path: Path) -> None:
    # The same log with one artifact location stripped of its uri: GH1017 must fire, or the check
    # above proves nothing.
    document = json.loads(written.read_text(encoding="utf-8"))
    del document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    broken = tmp_path / "broken.sarif"
    broken.write_text(json.dumps(document), encoding="utf-8")
    assert "GH1017" in {problem["ruleId"] for problem in validate(broken, "Gh", tmp_path / "out.sarif")}


def test_the_azure_devops_rule_set_has_its_driver_name_and_automation_details(
    written: Path, tmp_path: Path
) -> None:
    # GHAzDO1019/1020 want Azure Pipelines' own build ids in automationDetails, known only there.
    found = {problem["ruleId"] for problem in validate(written, "Ado", tmp_path / "ado.sarif")}
    assert not found & {"GHAzDO1014", "GHAzDO1018"}, found


def test_the_github_rule_set_accepts_waivers_variables_and_input_errors(
    variant_result: LintResult, tmp_path: Path
) -> None:
    path = tmp_path / "variant.sarif"
    with contextlib.chdir(ROOT):
        path.write_text(render("sarif", variant_result), encoding="utf-8")
    problems = validate(path, "Gh", tmp_path / "gh.sarif")
    assert not problems, [problem["message"] for problem in problems[:5]]
