"""Run a GitHub composite action's steps, or a GitLab CI job's script, as those platforms do.

Only what the two files use is emulated: for GitHub the ``${{ }}`` expressions of inputs, ``github.*`` and
step outputs, each ``run:`` given to ``bash --noprofile --norc -eo pipefail``, and the GITHUB_ENV and
GITHUB_OUTPUT files between steps; for GitLab the ``variables:`` as environment variables and the script
lines run in one bash session that stops at the first failing line. An expression this does not know
fails the test rather than being left in place.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def clean_environment(**extra: str) -> dict[str, str]:
    """The test process's environment without anything a CI platform or git would set."""
    prefixes = ("GITHUB_", "RUNNER_", "CI_", "GIT_", "PRE_COMMIT", "COMMERCE_LINT", "INPUT_")
    kept = {
        k: v for k, v in os.environ.items() if not k.startswith(prefixes) and k not in ("CI", "GITLAB_CI")
    }
    return {**kept, "NO_COLOR": "1", "GIT_CONFIG_NOSYSTEM": "1", **extra}


def _read_file_commands(path: Path) -> dict[str, str]:
    """KEY=VALUE lines of a GITHUB_ENV or GITHUB_OUTPUT file (the single-line form the action writes)."""
    found: dict[str, str] = {}
    for line in path.read_text().splitlines() if path.exists() else []:
        key, sep, value = line.partition("=")
        assert sep and "<<" not in key, f"unexpected line in {path.name}: {line!r}"
        found[key] = value
    return found


class GitHubRun:
    """One job running a composite action: its workspace, temp folder, and the env carried between steps."""

    def __init__(self, action: Mapping[str, Any], action_path: Path, workspace: Path, temp: Path) -> None:
        self.action = action
        self.action_path = action_path
        self.workspace = workspace
        self.temp = temp
        self.job_env: dict[str, str] = {}  # what GITHUB_ENV set in earlier steps
        self.outputs: dict[str, dict[str, str]] = {}
        self.event_before = ""  # github.event.before of a push event

    def expression(self, text: str, inputs: Mapping[str, str]) -> str:
        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            if name.startswith("inputs."):
                key = name.removeprefix("inputs.")
                declared = self.action["inputs"]
                assert key in declared, f"unknown input {key}"
                return inputs.get(key, str(declared[key].get("default", "")))
            if name == "github.action_path":
                return str(self.action_path)
            if name == "github.workspace":
                return str(self.workspace)
            if name == "github.event.before":  # from the push event's payload; tests give it in the env
                return self.event_before
            step = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", name)
            if step:
                return self.outputs.get(step.group(1), {}).get(step.group(2), "")
            raise AssertionError(f"expression not emulated: {name}")

        return EXPRESSION.sub(value, text)

    def run_steps(
        self, platform_env: Mapping[str, str], inputs: Mapping[str, str], only: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run the steps (or the one whose name starts with ``only``); the last step's process."""
        done: subprocess.CompletedProcess[str] | None = None
        for number, step in enumerate(self.action["runs"]["steps"]):
            if only is not None and not str(step.get("name", "")).startswith(only):
                continue
            assert step["shell"] == "bash" and "run" in step, step
            env_file = self.temp / f"env-{number}"
            output_file = self.temp / f"output-{number}"
            env_file.write_text("")
            output_file.write_text("")
            step_env = {
                key: self.expression(str(value), inputs) for key, value in step.get("env", {}).items()
            }
            environment = {
                **clean_environment(),
                **platform_env,
                "GITHUB_ACTIONS": "true",
                "CI": "true",
                "GITHUB_WORKSPACE": str(self.workspace),
                "GITHUB_ACTION_PATH": str(self.action_path),
                "RUNNER_TEMP": str(self.temp),
                "GITHUB_ENV": str(env_file),
                "GITHUB_OUTPUT": str(output_file),
                **self.job_env,
                **step_env,
            }
            script = self.temp / f"step-{number}.sh"
            script.write_text(self.expression(str(step["run"]), inputs))
            directory = self.expression(str(step.get("working-directory", "${{ github.workspace }}")), inputs)
            done = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                cwd=directory,
                env=environment,
                capture_output=True,
                text=True,
                timeout=900,
            )
            self.job_env.update(_read_file_commands(env_file))
            if "id" in step:
                self.outputs[str(step["id"])] = _read_file_commands(output_file)
            if done.returncode != 0:
                break
        assert done is not None, f"no step named {only!r}"
        return done


def gitlab_script(job: Mapping[str, Any], start: int = 0) -> str:
    """The job's script lines from ``start``, as one bash script stopping at the first failure."""
    lines = [str(line) for line in job["script"][start:]]
    return "set -eo pipefail\n" + "\n".join(lines) + "\n"


def gitlab_variables(template: Mapping[str, Any], job: str, overrides: Mapping[str, str]) -> dict[str, str]:
    """Global then job ``variables:``, then the pipeline's own (``overrides``), as GitLab layers them."""
    found = {key: str(value) for key, value in template.get("variables", {}).items()}
    found.update({key: str(value) for key, value in template[job].get("variables", {}).items()})
    found.update(overrides)
    return found
