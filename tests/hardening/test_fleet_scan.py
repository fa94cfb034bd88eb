"""One odd entry at a fleet's top never hides the fleet's instances."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import EXAMPLES, run_cli


def test_a_folder_named_like_a_dump_at_the_top_of_a_fleet_hides_no_instance(tmp_path: Path) -> None:
    fleet = tmp_path / "fleet"
    shutil.copytree(EXAMPLES / "fleet", fleet)
    (fleet / "env.yaml").mkdir()  # a stray folder with a dump's name, where a file is expected
    done = run_cli("check", str(fleet))
    assert done.returncode == 2, done.stdout + done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("commerce-lint: error:")]
    assert len(errors) == 1 and "fleet/env.yaml" in errors[0], done.stderr
    assert "3 instances checked" in done.stdout, done.stdout
    headings = {line.split(" (")[0] for line in done.stdout.splitlines() if line and not line[0].isspace()}
    assert {"production", "staging", "dev"} <= headings, done.stdout
