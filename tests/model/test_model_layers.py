"""Layer ranks: which file wins when several set the same path, and what each layer contributes."""

from __future__ import annotations

import json
from pathlib import Path

from linter.model.paths import DEFAULT_SCOPE, Scope
from tests.model.instances import load

PATH = "web/secure/base_url"
CONFIG_PHP = (
    "<?php\nreturn ['system' => ['default' => ['web' => ['secure' => ['base_url' => 'from-config']]]]];\n"
)
ENV_PHP = "<?php\nreturn ['system' => ['default' => ['web' => ['secure' => ['base_url' => 'from-env']]]]];\n"
VARIABLE = "CONFIG__DEFAULT__WEB__SECURE__BASE_URL"
CONFIG_SHOW = f"{PATH} - from-config-show\n"


def _winner(tmp_path: Path, files: dict[str, str]) -> tuple[str | None, str]:
    value = load(tmp_path / "i", files).value(PATH)
    location = value.location
    assert location is not None
    return value.value, Path(location.file).name


def test_env_php_wins_over_config_php(tmp_path: Path) -> None:
    files = {"app/etc/config.php": CONFIG_PHP, "app/etc/env.php": ENV_PHP}
    assert _winner(tmp_path, files) == ("from-env", "env.php")


def test_config_show_wins_over_env_php(tmp_path: Path) -> None:
    files = {"app/etc/env.php": ENV_PHP, "config-show.txt": CONFIG_SHOW}
    assert _winner(tmp_path, files) == ("from-config-show", "config-show.txt")


def test_config_variable_wins_over_every_file(tmp_path: Path) -> None:
    files = {
        "app/etc/config.php": CONFIG_PHP,
        "app/etc/env.php": ENV_PHP,
        "config-show.txt": CONFIG_SHOW,
        "environment.json": json.dumps({VARIABLE: "from-variable"}),
    }
    value = load(tmp_path / "i", files).value(PATH)
    assert value.value == "from-variable"
    assert value.location is not None and value.location.variable == VARIABLE


def test_dotenv_and_cloud_file_are_variable_layers(tmp_path: Path) -> None:
    dotenv = load(tmp_path / "a", {"app/etc/env.php": ENV_PHP, ".env": f"{VARIABLE}=from-dotenv\n"})
    assert dotenv.value(PATH).value == "from-dotenv"
    cloud = ".magento.app.yaml"
    text = f"name: app\nvariables:\n  env:\n    {VARIABLE}: from-cloud\n"
    assert load(tmp_path / "b", {"app/etc/env.php": ENV_PHP, cloud: text}).value(PATH).value == "from-cloud"


def test_order_on_disk_does_not_matter_only_rank(tmp_path: Path) -> None:
    # The sources' order is discovery's; the rank alone decides (kills a layering by list order).
    instance = load(
        tmp_path / "i",
        {
            "env.yaml": "system: {default: {web: {secure: {base_url: e}}}}\n",
            "config.yaml": "system: {default: {web: {secure: {base_url: c}}}}\n",
        },
    )
    assert instance.value(PATH).value == "e"
    assert [s.source.role for s in instance.settings] == ["config", "env"]


def test_every_layer_keeps_each_setting_lowest_first(tmp_path: Path) -> None:
    instance = load(tmp_path / "i", {"app/etc/config.php": CONFIG_PHP, "app/etc/env.php": ENV_PHP})
    every = instance.settings_matching(("web/secure/*",), frozenset({"default"}), every_layer=True)
    winners = instance.settings_matching(("web/secure/*",), frozenset({"default"}), every_layer=False)
    assert [s.value for s in every] == ["from-config", "from-env"]
    assert [s.value for s in winners] == ["from-env"]
    assert instance.settings_matching(("web/secure/*",), frozenset({"websites"}), every_layer=True) == []
    assert instance.settings_matching(("other/*",), frozenset({"default"}), every_layer=True) == []


def test_a_higher_layer_at_website_scope_does_not_hide_a_store_value(tmp_path: Path) -> None:
    config = "scopes:\n  websites: {eu: {website_id: 1}}\n  stores: {de: {website_id: 1}}\n"
    env = "system:\n  stores: {de: {web: {secure: {base_url: store}}}}\n"
    variables = json.dumps({"CONFIG__WEBSITES__EU__WEB__SECURE__BASE_URL": "site"})
    instance = load(tmp_path / "i", {"config.yaml": config, "env.yaml": env, "environment.json": variables})
    assert instance.value(PATH, Scope("stores", "de")).value == "store"
    assert instance.value(PATH, Scope("websites", "eu")).value == "site"
    assert instance.value(PATH, DEFAULT_SCOPE).value is None


def test_sections_merge_config_then_env(tmp_path: Path) -> None:
    config = "<?php\nreturn ['scopes' => ['websites' => ['eu' => ['website_id' => 1, 'name' => 'EU']]]];\n"
    env = "<?php\nreturn ['scopes' => ['websites' => ['eu' => ['name' => 'Europe']]], 'db' => ['x' => 1]];\n"
    instance = load(tmp_path / "i", {"app/etc/config.php": config, "app/etc/env.php": env})
    assert instance.section("scopes") == {"websites": {"eu": {"website_id": 1, "name": "Europe"}}}
    assert instance.section("db") == {"x": 1}
    assert instance.section("nothing") is None


def test_location_of_key_prefers_the_highest_file(tmp_path: Path) -> None:
    config = "modules: {A: 1}\nscopes: {websites: {eu: {website_id: 1}}}\n"
    env = "db: {host: x}\nscopes: {websites: {eu: {website_id: 1}}}\n"
    instance = load(tmp_path / "i", {"config.yaml": config, "env.yaml": env})
    where = instance.location_of_key(("scopes", "websites"))
    assert (Path(where.file).name, where.line) == ("env.yaml", 2)
    assert Path(instance.location_of_key(("modules",)).file).name == "config.yaml"
    primary = instance.primary_location
    assert (Path(primary.file).name, primary.line, primary.column) == ("env.yaml", 1, 1)
    assert instance.location_of_key(("absent",)) == primary
