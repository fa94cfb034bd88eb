"""Arrays PhpFormatter writes as lists are the same data as their keyed form, once in the model."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from linter.formats import Role
from linter.loaders.document import Document
from linter.model.shapes import keyed_form
from linter.model.sources import Source
from tests.model.instances import load
from tests.support.fresh_install import config_data, env_data, php_formatter

GROUPS = [{"group_id": "0", "code": "default"}, {"group_id": "1", "code": "main_website_store"}]


def test_a_list_of_groups_is_the_mapping_by_index() -> None:
    data = {"scopes": {"groups": copy.deepcopy(GROUPS)}}
    assert keyed_form(data) == {"scopes": {"groups": {"0": GROUPS[0], "1": GROUPS[1]}}}


def test_empty_sections_are_empty_mappings_at_every_level_magento_keys() -> None:
    data = {
        "modules": [],
        "scopes": {"websites": [], "stores": {"admin": []}},
        "system": {"default": {"catalog": [], "web": {"seo": []}}, "websites": [], "stores": []},
        "cache_types": [],
        "queue": [],
    }
    assert keyed_form(data) == {
        "modules": {},
        "scopes": {"websites": {}, "stores": {"admin": {}}},
        "system": {"default": {"catalog": {}, "web": {"seo": {}}}, "websites": {}, "stores": {}},
        "cache_types": {},
        "queue": {},
    }


def test_a_whole_section_written_as_a_list_is_keyed_too() -> None:
    assert keyed_form({"system": []}) == {"system": {}}
    assert keyed_form({"modules": ["Magento_Store"]}) == {"modules": {"0": "Magento_Store"}}


def test_real_lists_stay_lists() -> None:
    data = {
        "downloadable_domains": ["magento.test", "cdn.magento.test"],
        "http_cache_hosts": [{"host": "varnish", "port": "80"}],
        "admin_user": {"locale": {"code": ["en_US"]}},
        "scopes": {"websites": {"base": {"code": "base"}}},
    }
    assert keyed_form(data) is data
    assert data["downloadable_domains"] == ["magento.test", "cdn.magento.test"]


def test_lists_deep_in_a_config_tree_are_keyed() -> None:
    data = {"system": {"stores": {"de": {"design": {"head": {"includes": ["a", ["b"]]}}}}}}
    keyed = keyed_form(data)
    assert keyed["system"]["stores"]["de"]["design"]["head"]["includes"] == {"0": "a", "1": {"0": "b"}}


def test_the_loaded_data_is_never_modified() -> None:
    # A rule example's data is shared with the catalog, and a YAML alias shares one list twice.
    shared = copy.deepcopy(GROUPS)
    data: dict[str, Any] = {"scopes": {"groups": shared, "stores": {"admin": {"code": "admin"}}}, "db": {}}
    before = copy.deepcopy(data)
    keyed = keyed_form(data)
    assert data == before and data["scopes"]["groups"] is shared
    assert keyed["scopes"]["stores"] is data["scopes"]["stores"]  # what did not change is not copied
    assert keyed["db"] is data["db"]
    assert list(keyed) == list(data)  # sections keep their order


def test_nothing_is_copied_when_there_is_no_list() -> None:
    stores = {
        f"s{index}": {"web": {"secure": {"base_url": f"https://{index}.test/"}}} for index in range(500)
    }
    data = {"system": {"default": {"web": {"seo": {"use_rewrites": "1"}}}, "stores": stores}}
    keyed = keyed_form(data)
    assert keyed is data and keyed["system"]["stores"] is stores


def test_only_the_layers_written_as_php_arrays_are_keyed() -> None:
    for role, keyed in (
        (Role.CONFIG, True),
        (Role.ENV, True),
        (Role.VARIABLES, False),
        (Role.CONFIG_SHOW, False),
    ):
        document = Document("f", "yaml", {"scopes": {"groups": copy.deepcopy(GROUPS)}})
        source = Source(document, role, False)
        assert isinstance(source.document.data["scopes"]["groups"], dict) is keyed, role


def _instance(tmp_path: Path, name: str, config: dict[str, Any], keys: bool) -> Any:
    files = {
        "app/etc/config.php": php_formatter(config, keys),
        "app/etc/env.php": php_formatter(env_data(), keys),
    }
    return load(tmp_path / name, files)


def test_an_instance_reads_the_list_form_as_the_keyed_form(tmp_path: Path) -> None:
    config = config_data()
    config["system"]["stores"] = {"default": {"web": {"seo": {"use_rewrites": "0"}}}}
    lists = _instance(tmp_path, "lists", config, keys=False)
    keys = _instance(tmp_path, "keys", config, keys=True)
    assert "'groups' => [\n            [\n" in (tmp_path / "lists/app/etc/config.php").read_text()
    assert "'groups' => [\n            0 => [\n" in (tmp_path / "keys/app/etc/config.php").read_text()

    def seen(instance: Any) -> list[tuple[str, str, str | None]]:
        return [(s.scope.label, s.path, s.value) for s in instance.settings]

    assert seen(lists) == seen(keys) and ("stores/default", "web/seo/use_rewrites", "0") in seen(lists)
    assert lists.section("scopes") == keys.section("scopes")
    assert json.dumps(lists.section("scopes"))  # plain data, as every rule expects
    assert lists.section("scopes")["groups"]["1"]["code"] == "main_website_store"
    assert lists.website_of_store == keys.website_of_store == {"admin": "admin", "default": "base"}
    assert lists.scopes == keys.scopes


def test_positions_point_into_the_list_items(tmp_path: Path) -> None:
    instance = _instance(tmp_path, "shop", config_data(), keys=False)
    lines = (tmp_path / "shop/app/etc/config.php").read_text().splitlines()
    where = instance.location_of_key(("scopes", "groups", "1", "code"))
    assert where.file.endswith("config.php") and where.line is not None
    assert lines[where.line - 1].strip() == "'code' => 'main_website_store'"
    empty = instance.location_of_key(("system", "websites"))
    system = lines.index("    'system' => [") + 1
    assert empty.line is not None and empty.line > system  # the system section's, not the site map's
    assert lines[empty.line - 1].strip() == "'websites' => [" and lines[empty.line].strip() == ""
