"""Behaviour of the model that the sampled mutation run of linter/model found unguarded (issue 14).

Each test names the mutant it kills (the key ``bench/mutate_code.py --show-survivors`` prints).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from linter.gitstate import GitTree
from linter.model.discovery import MAX_SCAN_DEPTH, discover, discover_in_tree, named_as_input
from tests.model.instances import write

EMPTY = "system: {}\n"
SHARED = "<?php\nreturn ['modules' => []];\n"
ENV_PHP = "<?php\nreturn [];\n"


# --- linter/model/discovery.py -------------------------------------------------------------------


def test_magento_lib_folder_below_a_monorepo_root_is_not_entered(tmp_path: Path) -> None:
    # kills linter/model/discovery.py:constant:5405bee261d9 (lib left out of Magento's own folders,
    # so an env.php deep in Magento's lib/ below a Magento root is taken for an instance)
    write(
        tmp_path / "mono",
        {
            "app/etc/config.php": SHARED,
            "prod/app/etc/env.php": ENV_PHP,
            "lib/internal/app/etc/env.php": ENV_PHP,
        },
    )
    assert [spec.name for spec in discover([str(tmp_path / "mono")])] == ["prod"]


def test_no_instance_is_found_deeper_than_the_scan_depth_on_its_own_branch(tmp_path: Path) -> None:
    # kills linter/model/discovery.py:statement deleted:ed98f92d9edb (the depth limit not kept when
    # the deep folder is on a branch of its own, with no instance above it on the way down)
    deeper = "/".join(f"d{i}" for i in range(MAX_SCAN_DEPTH + 1))
    write(tmp_path / "fleet", {"near/env.yaml": EMPTY, f"{deeper}/env.yaml": EMPTY})
    assert [spec.name for spec in discover([str(tmp_path / "fleet")])] == ["near"]


def test_a_named_shared_file_of_a_monorepo_root_brings_the_instances_below(tmp_path: Path) -> None:
    # kills linter/model/discovery.py:argument dropped:26d1c8e95466 (the instances found below a
    # named root config.php not kept)
    root = write(
        tmp_path / "mono",
        {"app/etc/config.php": SHARED, "eu/app/etc/env.php": ENV_PHP, "us/app/etc/env.php": ENV_PHP},
    )
    specs = discover([str(root / "app" / "etc" / "config.php")])
    assert sorted(spec.name for spec in specs) == ["eu", "us"]
    for spec in specs:
        assert [Path(file.path).name for file in spec.files] == ["config.php", "env.php"]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_revision_folder_named_where_the_disk_now_has_a_file_takes_the_shared_files_above(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A real bug the survivor linter/model/discovery.py:argument dropped:224f79cf4c36 showed (the
    # mutant answered right, the code did not): the base revision's instance mono/x lost mono's
    # config.php when mono/x is a file on disk now. The mutant is equivalent after the fix.
    write(tmp_path, {"mono/app/etc/config.php": SHARED, "mono/x/app/etc/env.php": ENV_PHP})
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "mono"]):
        command = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args]
        subprocess.run(command, cwd=tmp_path, check=True, capture_output=True)
    shutil.rmtree(tmp_path / "mono" / "x")
    (tmp_path / "mono" / "x").write_text(ENV_PHP)
    monkeypatch.chdir(tmp_path)
    (spec,) = discover_in_tree(["mono/x"], GitTree(tmp_path, "HEAD", kept=named_as_input))
    assert [Path(file.path).relative_to(tmp_path).as_posix() for file in spec.files] == [
        "mono/app/etc/config.php",
        "mono/x/app/etc/env.php",
    ]
