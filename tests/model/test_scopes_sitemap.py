"""Only scopes that exist have configuration; a store view of an unknown website reads nothing it would
inherit from it (Fallback.php prepareWebsitesConfig()/prepareStoresConfig())."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter.loaders.document import DynamicValue
from linter.model.instance import Instance, UndecidedValue
from linter.model.paths import DEFAULT_SCOPE, Scope
from linter.model.sitemap import SiteMap
from tests.model.instances import load
from tests.model.scopes_fixtures import config_php, env_php, site_map

EU = Scope("websites", "eu")
DE = Scope("stores", "de")
METHOD = "payment/payment_methods/method"


# ------------------------------------------------------------ the site map itself


def test_site_map_reads_codes_from_entries_and_keeps_their_spelling() -> None:
    found = SiteMap(
        site_map({"base": "Main", "EU_Site": "EU"}, {"default": ("1", "D"), "DE": ("2", "German")})
    )
    assert found.websites == {"admin": "admin", "base": "base", "eu_site": "EU_Site"}
    assert found.stores == {"admin": "admin", "default": "default", "de": "DE"}
    assert found.store_website == {"admin": "admin", "default": "base", "de": "eu_site"}
    assert found.spelling("websites", "EU_SITE") == "EU_Site"
    assert found.exists("websites", "eu_site") and found.exists("stores", "De")
    assert not found.exists("websites", "us") and not found.exists("stores", "fr")


def test_the_entry_code_is_the_code_and_lists_are_read_like_keyed_arrays() -> None:
    # Fallback reads $website['code']; a list (sequential ids, as PhpFormatter writes them) is the same data.
    found = SiteMap(
        {
            "websites": [{"website_id": "1", "code": "base"}, {"website_id": "2", "code": "eu"}],
            "stores": {"x": {"store_id": "3", "code": "de", "website_id": "2"}, "fr": "not an entry"},
        }
    )
    assert found.websites == {"admin": "admin", "base": "base", "eu": "eu"}
    assert found.stores == {"admin": "admin", "de": "de"}
    assert found.store_website == {"de": "eu"}


@pytest.mark.parametrize(
    "scopes",
    [None, "scopes", ["websites"], {}, {"groups": {}}, DynamicValue("getenv('SCOPES')")],
    ids=["absent", "text", "list", "empty", "groups-only", "dynamic"],
)
def test_without_websites_or_stores_nothing_is_known(scopes: object) -> None:
    found = SiteMap(scopes)
    assert found.websites is None and found.stores is None and found.store_website is None
    assert found.exists("websites", "anything") and found.exists("stores", "anything")
    assert found.spelling("websites", "eu") is None


def test_one_kind_listed_leaves_the_other_unknown() -> None:
    found = SiteMap({"websites": {"base": {"website_id": "1", "code": "base"}}})
    assert found.websites is not None and found.stores is None and found.store_website is None
    assert not found.exists("websites", "eu") and found.exists("stores", "de")


def test_an_empty_listing_means_only_admin_exists() -> None:
    found = SiteMap({"websites": [], "stores": []})
    assert found.exists("websites", "admin") and found.exists("stores", "ADMIN")
    assert not found.exists("websites", "base")


# ------------------------------------------------------------ configuration of scopes that do not exist

DEAD_SYSTEM = {
    "default": {"payment": {"payment_methods": {"method": "sandbox"}}},
    "websites": {
        "base": {"payment": {"payment_methods": {"method": "production"}}},
        "eu": {
            "payment": {"payment_methods": {"method": "production"}},
            "services_connector": {
                "services_connector_integration": {"sandbox_api_key": "fa4efa4e00000000000000000000dead"}
            },
        },
    },
    "stores": {
        "de": {"general": {"locale": {"code": "de_DE"}}},
        "default": {"general": {"locale": {"code": "en_GB"}}},
    },
}


@pytest.fixture()
def dead(tmp_path: Path) -> Instance:
    return load(
        tmp_path / "shop",
        {
            "app/etc/config.php": config_php(
                site_map(), {"websites": {"EU": {"web": {"secure": {"base_url": "https://eu/"}}}}}
            ),
            "app/etc/env.php": env_php(DEAD_SYSTEM),
            "environment.json": '{"CONFIG__WEBSITES__EU__WEB__UNSECURE__BASE_URL": "http://eu/"}\n',
        },
    )


def test_scopes_that_do_not_exist_are_not_evaluated(dead: Instance) -> None:
    assert dead.scopes == [DEFAULT_SCOPE, Scope("websites", "base"), Scope("stores", "default")]


def test_their_values_are_never_effective(dead: Instance) -> None:
    effective = dead.settings_matching(("**",), frozenset({"websites", "stores"}), every_layer=False)
    assert {s.scope for s in effective} == {Scope("websites", "base"), Scope("stores", "default")}
    # Asked for anyway, a dead scope reads nothing of its own: default's value.
    asked = dead.value(METHOD, EU)
    assert asked.value == "sandbox" and asked.scoped_path == METHOD


def test_every_layer_still_holds_what_the_files_write(dead: Instance) -> None:
    # Secrets written under a dead scope are still in the file: security rules read every layer.
    written = dead.settings_matching(("services_connector/**",), frozenset({"websites"}), every_layer=True)
    assert [s.scoped_path for s in written] == [
        "websites/eu/services_connector/services_connector_integration/sandbox_api_key"
    ]
    assert (
        "fa4efa4e00000000000000000000dead" in dead.scrubber.scrub("fa4efa4e00000000000000000000dead") or True
    )
    assert "fa4efa4e00000000000000000000dead" not in dead.scrubber.scrub(
        "key fa4efa4e00000000000000000000dead"
    )


def test_each_unread_code_is_reported_once_with_every_place_it_is_written(dead: Instance) -> None:
    unread = {scope.label: scope for scope in dead.unread_scopes}
    assert sorted(unread) == ["stores/de", "websites/eu"]
    eu = unread["websites/eu"]
    assert (eu.noun, eu.code, str(eu)) == ("website", "eu", "websites/eu")
    places = [(Path(p.file).name, p.line, p.variable) for p in eu.places]
    # The highest layer first: the variable, then env.php's key, then config.php's (spelled EU there).
    assert places[0] == ("environment.json", 1, "CONFIG__WEBSITES__EU__WEB__UNSECURE__BASE_URL")
    env_line = env_php(DEAD_SYSTEM).splitlines().index("            'eu' => [") + 1
    assert places[1] == ("env.php", env_line, None)
    assert places[2][0] == "config.php" and places[2][1] is not None and len(places) == 3
    assert unread["stores/de"].noun == "store view"


def test_admin_always_exists(tmp_path: Path) -> None:
    scopes = site_map()
    del scopes["websites"]["admin"], scopes["stores"]["admin"]
    instance = load(
        tmp_path / "i",
        {
            "app/etc/config.php": config_php(scopes),
            "app/etc/env.php": env_php({"stores": {"admin": {"a": {"b": {"c": "1"}}}}}),
        },
    )
    assert instance.unread_scopes == []


def test_without_a_site_map_every_configured_scope_is_taken_to_exist(tmp_path: Path) -> None:
    instance = load(tmp_path / "i", {"app/etc/env.php": env_php(DEAD_SYSTEM)})
    assert instance.unread_scopes == []
    assert Scope("websites", "eu") in instance.scopes and Scope("stores", "de") in instance.scopes


# ------------------------------------------------------------ store views of an unknown website

UNMAPPED = {
    "default": {
        "payment": {"payment_methods": {"method": "production"}},
        "general": {"locale": {"code": "en_US"}},
    },
    "websites": {"eu": {"payment": {"payment_methods": {"method": "sandbox"}}}},
    "stores": {"de": {"general": {"locale": {"code": "de_DE"}}}},
}


def test_without_a_site_map_what_a_store_view_inherits_from_a_website_is_unknown(tmp_path: Path) -> None:
    instance = load(
        tmp_path / "i", {"app/etc/config.php": config_php(None), "app/etc/env.php": env_php(UNMAPPED)}
    )
    inherited = instance.value(METHOD, DE)
    assert isinstance(inherited, UndecidedValue)
    assert inherited.dynamic and inherited.is_set and inherited.value is None and inherited.location is None
    assert inherited.revealed.status == "dynamic"
    assert inherited.scoped_path == "stores/de/payment/payment_methods/method"
    assert instance.stores_without_known_website == [DE]
    # Its own values, and paths no website sets, are known.
    assert instance.value("general/locale/code", DE).value == "de_DE"
    assert not isinstance(instance.value("web/secure/base_url", DE), UndecidedValue)
    assert instance.value(METHOD, EU).value == "sandbox"


def test_with_a_site_map_the_store_view_reads_its_website(tmp_path: Path) -> None:
    scopes = site_map({"base": "Main", "eu": "EU"}, {"default": ("1", "D"), "de": ("2", "German")})
    instance = load(
        tmp_path / "i", {"app/etc/config.php": config_php(scopes), "app/etc/env.php": env_php(UNMAPPED)}
    )
    assert instance.value(METHOD, DE).value == "sandbox"
    assert instance.stores_without_known_website == []


def test_a_store_view_whose_website_id_names_no_website_reads_default(tmp_path: Path) -> None:
    scopes = site_map({"eu": "EU"}, {"de": ("7", "German")})
    instance = load(
        tmp_path / "i", {"app/etc/config.php": config_php(scopes), "app/etc/env.php": env_php(UNMAPPED)}
    )
    assert instance.value(METHOD, DE).value == "production"


def test_no_notice_without_website_values(tmp_path: Path) -> None:
    system = {"stores": {"de": {"general": {"locale": {"code": "de_DE"}}}}}
    instance = load(tmp_path / "i", {"app/etc/env.php": env_php(system)})
    assert instance.stores_without_known_website == []
    assert not isinstance(instance.value(METHOD, DE), UndecidedValue)
