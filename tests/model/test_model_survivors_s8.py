"""Behaviour of the model that a fresh sampled mutation run of linter/model found unguarded (issue 14).

Each test names the mutant it kills (the key ``bench/mutate_code.py --show-survivors`` prints).
"""

from __future__ import annotations

import json
from pathlib import Path

from linter.formats import Role
from linter.loaders.document import DynamicValue
from linter.model.discovery import discover, inventory_specs
from linter.model.instance import Instance
from linter.settings import InventoryEntry
from tests.model.instances import load, write

SHARED = "<?php\nreturn [\n    'modules' => [\n        'Magento_Store' => 1,\n    ],\n];\n"
ENV_PHP = "<?php\nreturn [\n    'MAGE_MODE' => 'production',\n];\n"
SPACE = "services_connector/services_id/environment_id"


def _env_php(expression: str) -> str:
    return (
        "<?php\n"
        "return [\n"
        "    'system' => [\n"
        "        'default' => [\n"
        "            'services_connector' => [\n"
        "                'services_id' => [\n"
        f"                    'environment_id' => {expression},\n"
        "                ],\n"
        "            ],\n"
        "        ],\n"
        "    ],\n"
        "];\n"
    )


# --- linter/model/discovery.py -------------------------------------------------------------------


def test_a_named_shared_root_file_that_is_a_link_is_read_for_the_instances_below(tmp_path: Path) -> None:
    # kills linter/model/discovery.py:argument dropped:959ad98af9d5 (given= not passed on when a named
    # shared file leads the walk: the file named on the command line is read wherever it leads, also
    # when it is a link out of the scanned tree)
    outside = write(tmp_path / "deploy", {"config.php": SHARED})
    root = write(tmp_path / "mono", {"eu/app/etc/env.php": ENV_PHP, "us/app/etc/env.php": ENV_PHP})
    (root / "app" / "etc").mkdir(parents=True)
    (root / "app" / "etc" / "config.php").symlink_to(outside / "config.php")
    specs = discover([str(root / "app" / "etc" / "config.php")])
    assert sorted(spec.name for spec in specs) == ["eu", "us"]
    for spec in specs:
        assert spec.errors == ()
        assert [file.path.name for file in spec.files] == ["config.php", "env.php"]


# --- linter/model/dynamic.py ---------------------------------------------------------------------


def test_an_escaped_double_quote_in_a_variable_name_is_the_quote(tmp_path: Path) -> None:
    # kills linter/model/dynamic.py:constant:3ff753e39a14 (\" inside a double-quoted getenv() name
    # read as something else than PHP's ")
    shop = load(
        tmp_path / "shop",
        {
            "app/etc/env.php": _env_php('getenv("DATA\\"SPACE")'),
            "environment.json": json.dumps({'DATA"SPACE': "ds-prod-1"}) + "\n",
        },
    )
    assert shop.value(SPACE).value == "ds-prod-1" and not shop.value(SPACE).dynamic


def test_committed_cloud_variables_are_not_a_capture_of_the_process_environment(tmp_path: Path) -> None:
    # kills linter/model/dynamic.py:operand dropped:2b350e4c3821 (every variables layer taken for the
    # process's environment): .magento.app.yaml's variables are what the repository asks for, and a
    # Cloud Console variable of the same name beats them (domain.md §e, "Cloud precedence"), so only a
    # capture of the running process tells what getenv() returns
    app_yaml = (
        "name: mymagento\n"
        "type: php:8.3\n"
        "variables:\n"
        "    env:\n"
        "        CONFIG__DEFAULT__WEB__SECURE__USE_IN_FRONTEND: 1\n"
        "        DATA_SPACE: ds-from-the-app-yaml\n"
    )
    shop = load(
        tmp_path / "shop",
        {"app/etc/env.php": _env_php("getenv('DATA_SPACE')"), ".magento.app.yaml": app_yaml},
    )
    value = shop.value(SPACE)
    assert value.dynamic and isinstance(value.setting.raw, DynamicValue)  # type: ignore[union-attr]


# --- linter/model/inventory.py -------------------------------------------------------------------


def test_an_inventory_states_the_type_a_file_name_would_hint(tmp_path: Path) -> None:
    # kills linter/model/inventory.py:operand dropped:c14b90bde583 (every recognised name taken as the
    # registry reads it, hint included: in an inventory the entry says what the instance is, and a file
    # called production.env.yaml in a staging entry does not make it production)
    base = write(tmp_path / "repo", {"stage/production.env.yaml": "system: {}\n"})
    (tmp_path / "repo" / ".git").mkdir()
    entry = InventoryEntry("stage", ({"path": "stage/production.env.yaml"},))
    (spec,) = inventory_specs((entry,), base)
    assert spec.errors == ()
    assert [(file.path.name, file.role, file.env_type_hint) for file in spec.files] == [
        ("production.env.yaml", Role.ENV, None)
    ]


# --- linter/model/shapes.py ----------------------------------------------------------------------


def test_empty_install_and_directories_sections_written_as_lists_are_read_as_keyed(tmp_path: Path) -> None:
    # kills linter/model/shapes.py:constant:2f8562f41f9b (directories left out of the keyed sections):
    # an empty PHP array is [] in a JSON export, and Magento reads directories as a keyed array
    shop = load(
        tmp_path / "shop",
        {"env.json": json.dumps({"MAGE_MODE": "production", "install": [], "directories": []}) + "\n"},
    )
    assert shop.section("directories") == {} and shop.section("install") == {}


# --- a second seed (--seed 7) ---------------------------------------------------------------------


def _monorepo(tmp_path: Path) -> Path:
    root = write(
        tmp_path / "mono",
        {
            "app/etc/config.php": SHARED,
            "envs/eu/app/etc/env.php": ENV_PHP,
            "envs/us/app/etc/env.php": ENV_PHP,
        },
    )
    (root / ".git").mkdir()  # the repository's root: shared files are looked for up to it
    return root


def test_a_folder_below_a_monorepo_root_takes_the_shared_files_above_it(tmp_path: Path) -> None:
    # kills linter/model/discovery.py:argument dropped:7303b44108c9 (a named folder scanned without the
    # shared files above it: envs/eu checked alone would lose the root config.php it runs with)
    root = _monorepo(tmp_path)
    (spec,) = discover([str(root / "envs" / "eu")])
    assert [file.path.resolve() for file in spec.files] == [
        (root / "app/etc/config.php").resolve(),
        (root / "envs/eu/app/etc/env.php").resolve(),
    ]


def test_a_named_env_php_below_a_monorepo_root_takes_the_shared_files_above_it(tmp_path: Path) -> None:
    # kills linter/model/discovery.py:argument dropped:540108f94f22 (the named file's instance built
    # without the shared files above its folder)
    root = _monorepo(tmp_path)
    (spec,) = discover([str(root / "envs" / "us" / "app" / "etc" / "env.php")])
    assert [file.path.name for file in spec.files] == ["config.php", "env.php"]
    assert spec.files[0].path.resolve() == (root / "app/etc/config.php").resolve()


def test_an_int_cast_of_a_numeric_fallback_keeps_the_number(tmp_path: Path) -> None:
    # kills linter/model/dynamic.py:argument dropped:5dd197d9b8c3 ((int) of a value that is already a
    # number, the literal after ?: when the variable is empty, taken as 0)
    shop = load(
        tmp_path / "shop",
        {
            "app/etc/env.php": _env_php("(int) (getenv('DATA_SPACE') ?: 42)"),
            "environment.json": json.dumps({"DATA_SPACE": ""}) + "\n",
        },
    )
    assert shop.value(SPACE).value == "42"


def _unread_env_php(tmp_path: Path) -> Instance:
    from linter.model.sources import Unreadable

    config = _env_php("'ds-from-config-php'")
    shop = load(tmp_path / "shop", {"app/etc/config.php": config})
    shop.mark_unreadable([Unreadable("app/etc/env.php", 3, Role.ENV, 20)])
    shop.read_unreadable = False
    return shop


def test_the_winners_of_a_glob_are_uncertain_beside_an_unread_file_but_every_layer_is_not(
    tmp_path: Path,
) -> None:
    # kills linter/model/instance.py:not removed:cc7a1490649a: the effective values of a glob may be
    # another setting of the unread env.php; the settings of every layer that were read are certain
    shop = _unread_env_php(tmp_path)
    every = shop.settings_matching(("services_connector/**",), frozenset({"default"}), every_layer=True)
    assert [s.path for s in every] == [SPACE] and not shop.read_unreadable
    winners = shop.settings_matching(("services_connector/**",), frozenset({"default"}), every_layer=False)
    assert [s.path for s in winners] == [SPACE] and shop.read_unreadable


def test_only_ciphertext_depends_on_an_unread_crypt_key(tmp_path: Path) -> None:
    # kills linter/model/instance.py:operand dropped:a4d41b822b96 (every classified value taken to
    # depend on the crypt key the unread env.php may hold; a plaintext value does not)
    shop = _unread_env_php(tmp_path)
    shop.note_decryption("a9f3c0de5b7e4e1f9d2c8b6a4e0f1d3c")
    assert not shop.read_unreadable
    shop.note_decryption("0:3:" + "A" * 64)
    assert shop.read_unreadable
