"""``config:show --scope websites --scope-code eu`` captures are that scope's stored values, nothing more."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter.errors import LoadError
from linter.formats import Role, recognise
from linter.loaders.config_show import load_config_show
from linter.model.paths import DEFAULT_SCOPE, Scope
from tests.model.instances import load
from tests.model.scopes_fixtures import config_php, site_map

EU_VALUES = (
    "payment/payment_methods/method - production\n"
    "payment/payment_methods/production_merchant_id - FAKEPRD00000002\n"
    "web/secure/base_url - https://eu.example/\n"
)


@pytest.mark.parametrize(
    ("name", "root"),
    [
        ("config-show.websites.eu.txt", ("websites", "eu")),
        ("shop/config-show.website.eu.txt", ("websites", "eu")),
        ("config-show.stores.de_formal.txt", ("stores", "de_formal")),
        ("CONFIG-SHOW.Store.DE.txt", ("stores", "DE")),
    ],
)
def test_the_file_name_names_the_scope(name: str, root: tuple[str, str]) -> None:
    doc = load_config_show(EU_VALUES, name)
    kind, code = root
    assert doc.data["system"][kind][code]["payment"]["payment_methods"]["method"] == "production"
    assert list(doc.data["system"]) == [kind]
    position = doc.position(("system", kind, code, "web", "secure", "base_url"))
    assert position is not None and position.line == 3


@pytest.mark.parametrize(
    "command",
    [
        "$ bin/magento config:show --scope=websites --scope-code=eu",
        "# php bin/magento config:show --scope websites --scope-code eu",
        "bin/magento config:show --scope-code='eu' --scope=\"website\"",
    ],
)
def test_a_pasted_command_line_names_the_scope(command: str) -> None:
    doc = load_config_show(f"{command}\n{EU_VALUES}", "captures/eu.txt")
    assert doc.data["system"]["websites"]["eu"]["web"]["secure"]["base_url"] == "https://eu.example/"
    position = doc.position(("system", "websites", "eu", "web", "secure", "base_url"))
    assert position is not None and position.line == 4


def test_without_either_it_is_the_default_scope() -> None:
    for text in (
        EU_VALUES,
        f"$ bin/magento config:show\n{EU_VALUES}",
        f"bin/magento config:show --scope=default\n{EU_VALUES}",
    ):
        doc = load_config_show(text, "config-show.txt")
        assert list(doc.data["system"]) == ["default"]


@pytest.mark.parametrize(
    ("name", "text", "line", "words"),
    [
        (
            "config-show.websites.eu.txt",
            "$ bin/magento config:show --scope=websites --scope-code=us\n",
            1,
            "file name says",
        ),
        (
            "config-show.txt",
            "x\n$ bin/magento config:show --scope=groups --scope-code=1\n",
            2,
            "expected default",
        ),
        ("config-show.txt", "$ bin/magento config:show --scope=stores\n", 1, "needs --scope-code"),
        ("config-show.txt", "$ bin/magento config:show --scope-code=eu\n", 1, "takes no --scope-code"),
        ("config-show.websites.txt", "", 1, "needs --scope-code"),
    ],
)
def test_a_capture_whose_scope_cannot_be_told_is_an_error(
    name: str, text: str, line: int, words: str
) -> None:
    with pytest.raises(LoadError) as raised:
        load_config_show(text + EU_VALUES, name)
    assert raised.value.line == line and words in str(raised.value)


def test_a_scoped_capture_with_no_values_is_an_empty_scope() -> None:
    doc = load_config_show("$ bin/magento config:show --scope=stores --scope-code=de\n", "show.txt")
    assert doc.data == {"system": {"stores": {"de": {}}}}


def test_discovery_recognises_per_scope_captures() -> None:
    for name in ("config-show.websites.eu.txt", "config-show.stores.de.txt", "config-show.default.txt"):
        found = recognise(name)
        assert found is not None and found.role is Role.CONFIG_SHOW and found.format == "config_show"
    for name in (
        "config-show.groups.1.txt",
        "config-show.websites.eu.yaml",
        "my-config-show.websites.eu.txt",
    ):
        assert recognise(name) is None


def test_values_of_a_website_capture_are_that_website_s_only(tmp_path: Path) -> None:
    scopes = site_map(
        {"base": "Main", "eu": "EU", "us": "US"},
        {"default": ("1", "D"), "de": ("2", "German"), "ca": ("3", "CA")},
    )
    instance = load(
        tmp_path / "shop",
        {
            "app/etc/config.php": config_php(scopes),
            "config-show.txt": "payment/payment_methods/method - sandbox\n",
            "config-show.websites.eu.txt": EU_VALUES,
        },
    )
    method = "payment/payment_methods/method"
    assert instance.value(method, Scope("websites", "eu")).value == "production"
    assert instance.value(method, Scope("stores", "de")).value == "production"  # de is eu's
    # Never a fallback for other scopes: default, another website and its store view read default's.
    for scope in (DEFAULT_SCOPE, Scope("websites", "us"), Scope("stores", "ca")):
        assert instance.value(method, scope).value == "sandbox"
    setting = instance.value(method, Scope("websites", "eu")).setting
    assert setting is not None and setting.scoped_path == "websites/eu/payment/payment_methods/method"
    location = instance.location_of(setting)
    assert Path(location.file).name == "config-show.websites.eu.txt" and location.line == 1
