"""The format registry: each input file's name, layer, sharing, environment type hint and parser, in one
place; the settings schema and the loaders agree with it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from linter.formats import (
    FORMATS,
    LOADERS,
    Recognised,
    Role,
    env_type_from_word,
    format_by_suffix,
    layer_of,
    loader_for,
    names_in,
    recognise,
)
from linter.loaders.document import Document
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("app/etc/env.php", Recognised(Role.ENV, "php", False)),
        ("app/etc/config.php", Recognised(Role.CONFIG, "php", True)),
        ("env.php", Recognised(Role.ENV, "php", False)),
        ("config.php", Recognised(Role.CONFIG, "php", True)),
        ("environment.json", Recognised(Role.VARIABLES, "environment", False)),
        (".env", Recognised(Role.VARIABLES, "dotenv", False)),
        (".magento.app.yaml", Recognised(Role.VARIABLES, "cloud_app", True)),
        (".magento.env.yaml", Recognised(Role.VARIABLES, "cloud_env", True)),
        ("config-show.txt", Recognised(Role.CONFIG_SHOW, "config_show", False)),
        ("instance.yaml", Recognised(Role.MANIFEST, "yaml", True)),
        ("instance.yml", Recognised(Role.MANIFEST, "yaml", True)),
        ("env.yaml", Recognised(Role.ENV, "yaml", False)),
        ("env.json", Recognised(Role.ENV, "json", False)),
        ("config.yml", Recognised(Role.CONFIG, "yaml", True)),
        ("config.json", Recognised(Role.CONFIG, "json", True)),
        ("prod.ENV.YAML", Recognised(Role.ENV, "yaml", False, "production")),
        ("eu-staging.config.json", Recognised(Role.CONFIG, "json", True, "staging")),
        ("eu.env.yaml", Recognised(Role.ENV, "yaml", False, None)),
        ("prod-dev.env.yml", Recognised(Role.ENV, "yaml", False, None)),  # two types: no hint
    ],
)
def test_recognise_names_layer_parser_sharing_and_hint(name: str, expected: Recognised) -> None:
    assert recognise(name) == expected


@pytest.mark.parametrize(
    "name",
    [
        "ENV.PHP",  # fixed names are matched exactly, as Magento names them
        "Instance.yaml",
        "app/etc/env.yaml",  # in app/etc only the PHP files are read
        "app/etc/instance.yaml",
        "a.b.env.yaml",
        "myenv.yaml",
        "env.yaml.bak",
        "env.xml",
        "environment.yaml",
        ".env.local",
        "env.php.dist",  # templates are read when named, not discovered
        "app/etc/env.php.sample",
        "config.php.dist",
        "env.docker.php",
        "",
    ],
)
def test_near_misses_are_not_recognised(name: str) -> None:
    assert recognise(name) is None


def test_layer_of_leaves_out_manifests_only() -> None:
    assert layer_of("instance.yaml") is None
    assert layer_of("env.php") == recognise("env.php")


def test_app_etc_holds_the_php_files_in_the_order_discovery_reads_them() -> None:
    assert names_in("app/etc") == ("config.php", "env.php")
    assert names_in("nowhere") == ()


def test_role_is_a_string_so_existing_comparisons_keep_working() -> None:
    assert Role.ENV == "env" and f"{Role.CONFIG_SHOW}" == "config_show"
    assert json.dumps({"role": Role.VARIABLES}) == '{"role": "variables"}'


SAMPLES = {
    "yaml": "system: {default: {web: {secure: {use: 1}}}}\n",
    "json": '{"system": {}}',
    "php": "<?php\nreturn ['system' => []];\n",
    "environment": '{"CONFIG__DEFAULT__WEB__SECURE__USE": "1"}',
    "dotenv": "CONFIG__DEFAULT__WEB__SECURE__USE=1\n",
    "cloud_app": "variables:\n  env:\n    CONFIG__DEFAULT__WEB__SECURE__USE: 1\n",
    "config_show": "web/secure/use - 1\n",
    "cloud_env": "stage:\n  deploy:\n    SCD_THREADS: 4\n",
    "db_tsv": "scope\tscope_id\tpath\tvalue\ndefault\t0\tweb/secure/use\t1\n",
    "db_dump": "INSERT INTO core_config_data (scope, scope_id, path, value) VALUES ('default',0,'a/b','1');",
}


def test_every_format_has_a_loader_and_it_parses_its_kind_of_file() -> None:
    assert {kind.format for kind in FORMATS} <= set(LOADERS) == set(SAMPLES)
    for fmt, text in SAMPLES.items():
        document = loader_for(fmt)(text, f"sample.{fmt}")
        assert isinstance(document, Document), fmt
        assert document.data, fmt


def test_the_settings_schema_lists_no_role_or_format_by_hand() -> None:
    # The registry is the one list: a new format must not need an edit of the schema.
    text = (ROOT / "schemas" / "settings.schema.json").read_text()
    for name in [*LOADERS, *(role.value for role in Role)]:
        assert f'"{name}"' not in text, name


def test_importing_the_registry_imports_no_loader() -> None:
    # A one-file pre-commit run pays for every import: loaders are imported when a file needs them.
    code = (
        "import sys, linter.formats; print(sorted(m for m in sys.modules if m.startswith('linter.loaders')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("prod", "production"),
        ("eu-staging", "staging"),
        ("QA", "development"),
        ("eu", None),
        ("prod-uat", None),
    ],
)
def test_env_type_from_word(word: str, kind: str | None) -> None:
    assert env_type_from_word(word) == kind


def test_format_by_suffix_for_names_the_registry_does_not_know() -> None:
    assert [format_by_suffix(n) for n in ("a.JSON", "b.php", "c.yml", "d.txt", "e.conf")] == [
        "json",
        "php",
        "yaml",
        "config_show",
        "yaml",
    ]
