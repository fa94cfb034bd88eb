"""Scope fallback as Magento reads it: store view, then its website, then default; Global sections."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter.model.instance import Instance
from linter.model.paths import DEFAULT_SCOPE, Scope
from tests.model.instances import load

SCOPES = """
scopes:
  websites:
    admin: {website_id: 0, code: admin}
    eu: {website_id: 1, code: eu}
    us: {website_id: 2, code: us}
  stores:
    de: {store_id: 1, website_id: 1, code: de}
    fr: {store_id: 2, website_id: 1, code: fr}
    ca: {store_id: 3, website_id: 2, code: ca}
    orphan: {store_id: 4, website_id: 9, code: orphan}
"""

ENV = """
system:
  default:
    web: {secure: {base_url: 'https://default.example/'}}
    general: {locale: {code: en_US}}
    services_connector: {services_connector_integration: {production_api_key: default-key}}
  websites:
    eu:
      web: {secure: {base_url: 'https://eu.example/'}}
      services_connector: {services_connector_integration: {production_api_key: website-key}}
  stores:
    de:
      general: {locale: {code: de_DE}}
"""


@pytest.fixture()
def instance(tmp_path: Path) -> Instance:
    return load(tmp_path / "shop", {"config.yaml": SCOPES, "env.yaml": ENV})


def test_store_view_reads_its_own_value_first(instance: Instance) -> None:
    assert instance.value("general/locale/code", Scope("stores", "de")).value == "de_DE"


def test_store_view_falls_back_to_its_website_before_default(instance: Instance) -> None:
    # Kills: the website left out of a store view's fallback (store -> default).
    value = instance.value("web/secure/base_url", Scope("stores", "fr"))
    assert value.value == "https://eu.example/"
    assert value.scoped_path == "websites/eu/web/secure/base_url"


def test_store_view_of_another_website_reads_default(instance: Instance) -> None:
    assert instance.value("web/secure/base_url", Scope("stores", "ca")).value == "https://default.example/"
    assert (
        instance.value("web/secure/base_url", Scope("stores", "orphan")).value == "https://default.example/"
    )


def test_website_falls_back_to_default(instance: Instance) -> None:
    assert instance.value("web/secure/base_url", Scope("websites", "eu")).value == "https://eu.example/"
    assert instance.value("web/secure/base_url", Scope("websites", "us")).value == "https://default.example/"
    assert instance.value("general/locale/code", Scope("websites", "eu")).value == "en_US"


def test_fallback_order_per_scope_kind(instance: Instance) -> None:
    assert instance.fallback(Scope("stores", "de")) == (
        Scope("stores", "de"),
        Scope("websites", "eu"),
        DEFAULT_SCOPE,
    )
    assert instance.fallback(Scope("stores", "orphan")) == (Scope("stores", "orphan"), DEFAULT_SCOPE)
    assert instance.fallback(Scope("websites", "us")) == (Scope("websites", "us"), DEFAULT_SCOPE)
    assert instance.fallback(DEFAULT_SCOPE) == (DEFAULT_SCOPE,)


def test_website_of_store_comes_from_the_scopes_section(instance: Instance) -> None:
    assert instance.website_of_store == {"de": "eu", "fr": "eu", "ca": "us"}


def test_scopes_lists_default_websites_then_stores_without_admin(instance: Instance) -> None:
    assert instance.scopes == [
        DEFAULT_SCOPE,
        Scope("websites", "eu"),
        Scope("websites", "us"),
        Scope("stores", "ca"),
        Scope("stores", "de"),
        Scope("stores", "fr"),
        Scope("stores", "orphan"),
    ]


def test_connector_settings_are_read_at_default_scope_only(instance: Instance) -> None:
    # Kills: Global sections (services_connector, magento_saas) read per website like other paths.
    path = "services_connector/services_connector_integration/production_api_key"
    for scope in (Scope("websites", "eu"), Scope("stores", "de")):
        value = instance.value(path, scope)
        assert value.value == "default-key"
        assert value.scope == DEFAULT_SCOPE
        assert value.scoped_path == path


def test_unset_path_gives_the_module_default_or_nothing(instance: Instance) -> None:
    missing = instance.value("nothing/here/at_all", Scope("stores", "de"))
    assert missing.value is None and not missing.is_set and missing.location is None
    assert missing.scoped_path == "stores/de/nothing/here/at_all"


def test_values_are_cached_per_path_and_scope(instance: Instance) -> None:
    first = instance.value("web/secure/base_url", Scope("stores", "fr"))
    assert instance.value("web/secure/base_url", Scope("stores", "fr")) is first
    assert instance.value("web/secure/base_url", Scope("stores", "de")) is not first
    assert instance.value("web/secure/base_url") != first


def test_location_points_at_the_line_that_set_the_value(instance: Instance) -> None:
    location = instance.value("web/secure/base_url", Scope("stores", "fr")).location
    assert location is not None
    assert location.file.endswith("env.yaml")
    assert (location.line, location.column) == (9, 22)


def test_blank_values_are_not_set(tmp_path: Path) -> None:
    instance = load(tmp_path / "i", {"env.yaml": "system:\n  default:\n    a: {b: {c: '  ', d: '0'}}\n"})
    assert not instance.value("a/b/c").is_set
    assert instance.value("a/b/d").is_set
