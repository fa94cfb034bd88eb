"""A fresh install's files as Magento writes them: `app:config:dump` config.php and setup's env.php.

`PhpFormatter` leaves the keys out of an array whose keys are 0..n-1 (`varExportShort()`), so a fresh
install's `scopes.groups` (group ids 0 and 1) is a list and an empty section is `[` `]` with a blank
line between; with the comment header every key is written. The JSON and YAML forms are what a dump of
the same data gives (`json_encode` writes the same lists).
"""

from __future__ import annotations

import json
from typing import Any

MODULES = (
    *("Magento_Store", "Magento_Directory", "Magento_Config", "Magento_Theme", "Magento_Eav"),
    *("Magento_Customer", "Magento_Backend", "Magento_Authorization", "Magento_User", "Magento_Cms"),
    *("Magento_Catalog", "Magento_Indexer", "Magento_Cron", "Magento_Security", "Magento_Integration"),
    *("Magento_Search", "Magento_CatalogSearch", "Magento_CatalogInventory", "Magento_CatalogRule"),
    *("Magento_Msrp", "Magento_Quote", "Magento_SalesSequence", "Magento_Payment", "Magento_Sales"),
    *("Magento_Tax", "Magento_Checkout", "Magento_Shipping", "Magento_OfflinePayments"),
    *("Magento_OfflineShipping", "Magento_SalesRule", "Magento_Newsletter", "Magento_Email"),
    *("Magento_Widget", "Magento_Wishlist", "Magento_Review", "Magento_Sitemap", "Magento_UrlRewrite"),
    *("Magento_PageCache", "Magento_Elasticsearch7", "Magento_OpenSearch", "Magento_TwoFactorAuth"),
    *("Magento_AdminAdobeIms", "Magento_Csp"),
)

CRYPT_KEY = "base64ZmFrZS1jcnlwdC1rZXktZm9yLXNoYXBlcy10ZXN0cw=="
DB_PASSWORD = "fresh-install-db-password-7Q"


def _website(website_id: str, code: str, name: str, group: str, default: str) -> dict[str, str]:
    fields = {"website_id": website_id, "code": code, "name": name, "sort_order": "0"}
    return {**fields, "default_group_id": group, "is_default": default}


def _group(group_id: str, website_id: str, name: str, root: str, store: str, code: str) -> dict[str, str]:
    fields = {"group_id": group_id, "website_id": website_id, "name": name, "root_category_id": root}
    return {**fields, "default_store_id": store, "code": code}


def _store(store_id: str, code: str, website_id: str, name: str) -> dict[str, str]:
    fields = {"store_id": store_id, "code": code, "website_id": website_id, "group_id": website_id}
    return {**fields, "name": name, "sort_order": "0", "is_active": "1"}


def _theme(path: str, title: str, parent: str | None) -> dict[str, Any]:
    area, code = path.split("/", 1)
    fields = {"parent_id": parent, "theme_path": code, "theme_title": title, "is_featured": "0"}
    return {**fields, "area": area, "type": "0", "code": code}


def config_data() -> dict[str, Any]:
    """What `bin/magento app:config:dump` writes into config.php on a fresh install."""
    return {
        "modules": {name: 0 if name == "Magento_TwoFactorAuth" else 1 for name in MODULES},
        "scopes": {
            "websites": {
                "admin": _website("0", "admin", "Admin", "0", "0"),
                "base": _website("1", "base", "Main Website", "1", "1"),
            },
            "groups": [  # keyed by group_id, 0 and 1: written as a list
                _group("0", "0", "Default", "0", "0", "default"),
                _group("1", "1", "Main Website Store", "2", "1", "main_website_store"),
            ],
            "stores": {
                "admin": _store("0", "admin", "0", "Admin"),
                "default": _store("1", "default", "1", "Default Store View"),
            },
        },
        "system": {
            "default": {
                "general": {
                    "locale": {"code": "en_US", "timezone": "Europe/Berlin"},
                    "region": {"display_all": "1", "state_required": "AT,CA,DE,US"},
                },
                "catalog": {
                    "search": {
                        "engine": "opensearch",
                        "opensearch_server_hostname": "opensearch",
                        "opensearch_server_port": "9200",
                        "opensearch_index_prefix": "magento2",
                    }
                },
                "dev": {
                    "js": {"merge_files": "1", "minify_files": "1"},
                    "css": {"minify_files": "1"},
                    "template": {"minify_html": "1"},
                    "static": {"sign": "1"},
                },
                "web": {
                    "seo": {"use_rewrites": "1"},
                    "url": {"redirect_to_base": "1"},
                    "secure": {"use_in_frontend": "1", "use_in_adminhtml": "1"},
                },
                "admin": {"security": {"session_lifetime": "3600"}},
                "currency": {"options": {"base": "EUR", "default": "EUR", "allow": "EUR,USD"}},
            },
            "stores": [],
            "websites": [],
        },
        "i18n": [],
        "themes": {
            "frontend/Magento/blank": _theme("frontend/Magento/blank", "Magento Blank", None),
            "adminhtml/Magento/backend": _theme("adminhtml/Magento/backend", "Magento 2 backend", None),
            "frontend/Magento/luma": _theme("frontend/Magento/luma", "Magento Luma", "Magento/blank"),
        },
        "admin_user": {"locale": {"code": ["en_US"]}},  # a real list: it stays one
    }


def env_data() -> dict[str, Any]:
    """The env.php `setup:install` writes (container-style hosts, a fake key and password)."""
    cache = {"id_prefix": "69d_", "backend": "Magento\\Framework\\Cache\\Backend\\Redis"}
    cache_types = ("config", "layout", "block_html", "collections", "reflection", "db_ddl", "compiled_config")
    more_types = ("eav", "customer_notification", "config_integration", "config_integration_api")
    return {
        "backend": {"frontName": "admin_1x9kqz"},
        "cache": {
            "graphql": {"id_salt": "Lq4Yp0Xr1mZ2"},
            "frontend": {
                "default": {**cache, "backend_options": {"server": "redis", "database": "0", "port": "6379"}},
                "page_cache": {
                    **cache,
                    "backend_options": {"server": "redis", "database": "1", "port": "6379"},
                },
            },
            "allow_parallel_generation": False,
        },
        "remote_storage": {"driver": "file"},
        "queue": {"consumers_wait_for_messages": 1},
        "crypt": {"key": CRYPT_KEY},
        "db": {
            "table_prefix": "",
            "connection": {
                "default": {
                    "host": "db",
                    "dbname": "magento",
                    "username": "magento",
                    "password": DB_PASSWORD,
                    "model": "mysql4",
                    "engine": "innodb",
                    "initStatements": "SET NAMES utf8;",
                    "active": "1",
                    "driver_options": {1014: False},
                }
            },
        },
        "resource": {"default_setup": {"connection": "default"}},
        "x-frame-options": "SAMEORIGIN",
        "MAGE_MODE": "production",
        "session": {"save": "files"},
        "lock": {"provider": "db"},
        "directories": {"document_root_is_pub": True},
        "cache_types": {name: 1 for name in (*cache_types, *more_types, "full_page", "translate")},
        "downloadable_domains": ["magento.test"],  # a real list: it stays one
        "install": {"date": "Tue, 01 Dec 2026 09:12:44 +0000"},
    }


def _export(value: Any, depth: int, keys: bool) -> str:
    # PhpFormatter::varExportShort(): four spaces a level; a list's keys are left out unless ``keys``.
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    items = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
    indexed = not keys and [key for key, _ in items] == list(range(len(items)))
    lines = [
        "    " * depth + ("" if indexed else _export(key, 0, keys) + " => ") + _export(item, depth + 1, keys)
        for key, item in items
    ]
    return "[\n" + ",\n".join(lines) + "\n" + "    " * (depth - 1) + "]"


def php_formatter(data: dict[str, Any], keys: bool = False) -> str:
    """The file as PhpFormatter writes it; ``keys``: every key written, lists too (`0 => [`)."""
    return "<?php\nreturn " + _export(data, 1, keys) + ";\n"


def as_json(data: dict[str, Any]) -> str:
    """The same data as `json_encode(..., JSON_PRETTY_PRINT)` writes it: lists stay lists."""
    return json.dumps(data, indent=4) + "\n"
