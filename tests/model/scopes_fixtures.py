"""Files as Magento writes them for the scope tests: a dumped config.php with its site map, an env.php."""

from __future__ import annotations

from typing import Any

from tests.support.php_writer import php_file

MODULES = {
    name: 1
    for name in (
        "Magento_Store",
        "Magento_Directory",
        "Magento_Config",
        "Magento_Theme",
        "Magento_Eav",
        "Magento_Customer",
        "Magento_Catalog",
        "Magento_Sales",
        "Magento_Payment",
        "Magento_ServicesConnector",
        "Magento_ServicesId",
        "Magento_PaymentServicesBase",
    )
}


def site_map(
    websites: dict[str, str] | None = None, stores: dict[str, tuple[str, str]] | None = None
) -> dict[str, Any]:
    """``scopes`` as ``app:config:dump scopes`` writes it (groups in their keyed form).

    ``websites``: code -> name; ``stores``: code -> (website id, name).

    Website ids follow the order given, from 1 (admin is 0); each website has one group of the same id.
    """
    websites = websites if websites is not None else {"base": "Main Website"}
    stores = stores if stores is not None else {"default": ("1", "Default Store View")}
    dumped_websites: dict[str, Any] = {
        "admin": {
            "website_id": "0",
            "code": "admin",
            "name": "Admin",
            "sort_order": "0",
            "default_group_id": "0",
            "is_default": "0",
        },
    }
    groups: dict[str, Any] = {
        "0": {
            "group_id": "0",
            "website_id": "0",
            "name": "Default",
            "root_category_id": "0",
            "default_store_id": "0",
            "code": "default",
        },
    }
    for number, (code, name) in enumerate(websites.items(), start=1):
        dumped_websites[code] = {
            "website_id": str(number),
            "code": code,
            "name": name,
            "sort_order": "0",
            "default_group_id": str(number),
            "is_default": "1" if number == 1 else "0",
        }
        groups[str(number)] = {
            "group_id": str(number),
            "website_id": str(number),
            "name": f"{name} Store",
            "root_category_id": "2",
            "default_store_id": str(number),
            "code": f"{code}_store",
        }
    dumped_stores: dict[str, Any] = {
        "admin": {
            "store_id": "0",
            "code": "admin",
            "website_id": "0",
            "group_id": "0",
            "name": "Admin",
            "sort_order": "0",
            "is_active": "1",
        },
    }
    for number, (code, (website_id, name)) in enumerate(stores.items(), start=1):
        dumped_stores[code] = {
            "store_id": str(number),
            "code": code,
            "website_id": website_id,
            "group_id": website_id,
            "name": name,
            "sort_order": "0",
            "is_active": "1",
        }
    return {"websites": dumped_websites, "groups": groups, "stores": dumped_stores}


def config_php(scopes: dict[str, Any] | None, system: dict[str, Any] | None = None) -> str:
    """A dumped app/etc/config.php: modules, the site map (unless None), system values."""
    data: dict[str, Any] = {"modules": MODULES}
    if scopes is not None:
        data["scopes"] = scopes
    data["system"] = system or {"default": {"general": {"locale": {"code": "en_US"}}}}
    return php_file(data)


def env_php(system: dict[str, Any]) -> str:
    """An app/etc/env.php as setup:install writes it, with ``system`` added."""
    return php_file(
        {
            "backend": {"frontName": "admin_1x2y3z"},
            "crypt": {"key": "base64RkFLRS1DUllQVC1LRVktZm9yLXRlc3RzLW9ubHktMDE="},
            "db": {
                "table_prefix": "",
                "connection": {
                    "default": {
                        "host": "db",
                        "dbname": "magento",
                        "username": "magento",
                        "password": "not-a-real-password",
                        "model": "mysql4",
                        "engine": "innodb",
                        "initStatements": "SET NAMES utf8;",
                        "active": "1",
                    },
                },
            },
            "resource": {"default_setup": {"connection": "default"}},
            "x-frame-options": "SAMEORIGIN",
            "MAGE_MODE": "production",
            "session": {"save": "files"},
            "cache_types": {"config": 1, "layout": 1, "block_html": 1, "full_page": 1},
            "install": {"date": "Mon, 02 Nov 2026 10:00:00 +0000"},
            "system": system,
        }
    )
