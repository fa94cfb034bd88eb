"""More behaviour of the model that the sampled mutation run of linter/model found unguarded (issue 14).

Each test names the mutant it kills (the key ``bench/mutate_code.py --show-survivors`` prints).
"""

from __future__ import annotations

import json
import re
from hashlib import sha256
from pathlib import Path

import pytest

from linter.formats import Role
from linter.loaders.document import Document, Position
from linter.location import Location
from linter.model.instance import Instance
from linter.model.paths import DEFAULT_SCOPE, globs_pattern
from linter.model.scope import ReadScope
from linter.model.sources import Source
from tests.model.instances import load, write
from tests.model.test_model_dynamic_and_reveal import CRYPT, PATH, _env_php
from tests.model.test_model_inventory import ENV, _check

ENV_PHP = "<?php\nreturn [\n  'system' => ['default' => ['web' => ['x' => 'env']]],\n];\n"
CONFIG_PHP = (
    "<?php\nreturn [\n  'scopes' => ['websites' => ['eu' => ['website_id' => 1]]],\n"
    "  'system' => ['default' => ['web' => ['x' => 'config']]],\n];\n"
)


# --- linter/model/discovery.py -------------------------------------------------------------------


def test_an_inventory_file_named_like_a_manifest_but_given_a_role_is_read_in_that_role(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # kills linter/model/discovery.py:operand dropped:2c091e6c202d (the role an entry gives is ignored
    # for a file named instance.yaml, which is then taken as the manifest)
    write(tmp_path, {"d/instance.yaml": ENV})
    settings = "instances:\n  - name: s\n    files: [{path: d/instance.yaml, role: env}]\n"
    code, report, err = _check(monkeypatch, capsys, tmp_path, settings)
    assert code in (0, 1), err
    (instance,) = report["instances"]
    assert [(Path(f["path"]).name, f["role"]) for f in instance["files"]] == [("instance.yaml", "env")]


# --- linter/model/extract.py ---------------------------------------------------------------------


def test_a_variable_that_is_not_config_does_not_hide_the_ones_after_it(tmp_path: Path) -> None:
    # kills linter/model/extract.py:continue->break:c0fc3eec3e6c (reading stops at the first
    # variable whose name is not CONFIG__...)
    variables = {"PATH": "/usr/bin", "CONFIG__DEFAULT__WEB__X": "from-variable"}
    instance = load(tmp_path / "i", {"env.yaml": "system: {}\n", "environment.json": json.dumps(variables)})
    value = instance.value("web/x")
    assert value.value == "from-variable"
    assert value.setting is not None and value.setting.variable == "CONFIG__DEFAULT__WEB__X"


# --- linter/model/instance.py --------------------------------------------------------------------


def test_an_effective_value_shows_its_path_scope_and_instance(tmp_path: Path) -> None:
    # kills linter/model/instance.py:return changed:51945fea413d and
    # linter/model/instance.py:statement deleted:a3b075ad5bf0 (__repr__ returns None)
    instance = load(tmp_path / "shop", {"env.yaml": "system: {default: {web: {x: '1'}}}\n"})
    value = instance.value("web/x")
    assert repr(value) == f"EffectiveValue('web/x', {DEFAULT_SCOPE!r}, in 'shop')"


def test_sections_merge_only_the_php_array_layers(tmp_path: Path) -> None:
    # kills linter/model/instance.py:operand dropped:27de69705045 (a top-level key of the variables
    # file, such as a variable named "crypt", would be merged into the crypt section)
    files = {"app/etc/env.php": _env_php("'p'"), "environment.json": json.dumps({"crypt": "not-a-key"})}
    instance = load(tmp_path / "i", files)
    assert instance.section("crypt") == {"key": CRYPT}
    assert instance.crypt_keys != []


def test_a_key_is_located_in_the_highest_php_layer_past_the_variables(tmp_path: Path) -> None:
    # kills linter/model/instance.py:continue->break:dbafb646a231 (the variables file, the highest
    # layer, stopped the search and the instance's main file was given instead)
    variables = json.dumps({"CONFIG__DEFAULT__WEB__Y": "v"})
    instance = load(tmp_path / "i", {"app/etc/env.php": ENV_PHP, "environment.json": variables})
    location = instance.location_of_key(("system", "default", "web", "x"))
    assert location.file.endswith("env.php") and location.line == 3
    assert instance.primary_location.file.endswith("environment.json")


def test_a_key_is_located_in_the_layer_that_writes_its_section(tmp_path: Path) -> None:
    # kills linter/model/instance.py:operand dropped:07c5838b49b2: a file whose position index answers
    # for a section it does not have (PositionIndex looks paths up by a 64-bit hash, so an unwritten
    # path may share a written one's place) must not be named; the layer below that writes it is
    instance = load(tmp_path / "i", {"app/etc/env.php": ENV_PHP, "app/etc/config.php": CONFIG_PHP})
    location = instance.location_of_key(("scopes", "websites", "eu"))
    assert location.file.endswith("config.php") and location.line == 3
    env = Document("env.php", "php", {"system": {}}, positions={("scopes",): Position(9, 1)})
    config = Document("config.php", "php", {"scopes": {}}, positions={("scopes",): Position(2, 3)})
    sources = [Source(config, Role.CONFIG, True), Source(env, Role.ENV, False)]
    built = Instance("i", str(tmp_path), sources)
    assert built.location_of_key(("scopes", "websites")) == Location("config.php", 2, 3)


# --- linter/model/loading.py ---------------------------------------------------------------------


def test_every_loaded_source_keeps_the_checksum_of_its_text(tmp_path: Path) -> None:
    # kills linter/model/loading.py:argument dropped:624eeaee0c64 (the checksum was left empty)
    instance = load(tmp_path / "i", {"app/etc/env.php": ENV_PHP})
    (source,) = instance.sources
    assert source.checksum == sha256(ENV_PHP.encode("utf-8")).hexdigest()


# --- linter/model/paths.py -----------------------------------------------------------------------


def test_globs_with_two_single_star_wildcards_are_matched_by_re2(tmp_path: Path) -> None:
    # kills linter/model/paths.py:constant:096503c783c1 (a single "*" was not counted as a wildcard
    # that can backtrack, so "*a*b" went to Python's re)
    assert isinstance(globs_pattern(("web/a*/x",)), re.Pattern)
    linear = globs_pattern(("*a*b",))
    assert not isinstance(linear, re.Pattern)
    assert linear.match("xaxb") and not linear.match("x/a/b") and not linear.match("xab/")


# --- linter/model/reveal.py ----------------------------------------------------------------------


def test_ciphertext_of_an_unsupported_cipher_version_is_named(tmp_path: Path) -> None:
    # kills linter/model/reveal.py:statement deleted:d64f60b6d2fb and
    # linter/model/reveal.py:return changed:0604ee4d8954 (unsupported reported as undecryptable, or None)
    value = load(tmp_path / "i", {"app/etc/env.php": _env_php("'0:2:YWJjZGVmZ2hpams='")}).value(PATH)
    revealed = value.revealed
    assert revealed is not None
    assert revealed.status == "unsupported" and revealed.text is None


# --- linter/model/scope.py -----------------------------------------------------------------------


def test_a_refusal_the_caller_reports_itself_leaves_no_notice(tmp_path: Path) -> None:
    # kills linter/model/scope.py:statement deleted:3caee8b6e87a (note=False still left a notice)
    write(tmp_path, {"root/a.yaml": "", "outside/b.yaml": ""})
    scope = ReadScope()
    assert scope.allows(tmp_path / "outside/b.yaml", tmp_path / "root", note=False) is False
    assert scope.skipped == {}
    assert scope.allows(tmp_path / "outside/b.yaml", tmp_path / "root") is False
    assert len(scope.skipped) == 1
