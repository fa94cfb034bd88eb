"""docs/ci.md says what the hooks, the Action and the template take: the tables follow the files."""

from __future__ import annotations

import re

import yaml

from tests.conftest import ROOT

DOC = (ROOT / "docs" / "ci.md").read_text()
ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
TEMPLATE = yaml.safe_load((ROOT / "ci" / "gitlab" / "commerce-lint.gitlab-ci.yml").read_text())
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())


def _table(first_header: str) -> dict[str, str]:
    """Name -> default of the Markdown table whose first header cell is ``first_header``."""
    start = DOC.index(f"| {first_header} | Default |")
    rows: dict[str, str] = {}
    for line in DOC[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        name, default = (cell.strip() for cell in line.strip("|").split("|")[:2])
        rows[name.strip("`")] = default.strip("`").replace('""', "")
    return rows


def test_the_action_inputs_table_is_the_action_inputs() -> None:
    declared = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    assert _table("Input") == declared


def test_the_template_variables_table_is_the_template_variables() -> None:
    declared = {name: str(value) for name, value in TEMPLATE["variables"].items()}
    assert _table("Variable") == declared


def test_the_yaml_snippets_parse_and_name_hooks_that_exist() -> None:
    snippets = re.findall(r"```yaml\n(.*?)```", DOC, re.DOTALL)
    assert len(snippets) >= 4
    for snippet in snippets:
        yaml.safe_load(snippet)
    config = yaml.safe_load(snippets[0])
    named = {hook["id"] for repo in config["repos"] for hook in repo["hooks"]}
    assert named == {hook["id"] for hook in HOOKS}


def test_every_install_path_names_the_same_tag() -> None:
    texts = [
        DOC,
        (ROOT / "action.yml").read_text(),
        (ROOT / "ci/gitlab/commerce-lint.gitlab-ci.yml").read_text(),
    ]
    tags = {tag for text in texts for tag in re.findall(r"(?:@|rev: |/)(v\d+\.\d+\.\d+)\b", text)}
    assert len(tags) == 1, tags
