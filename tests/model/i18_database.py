"""Database views for the i18 tests, built as the readers build them (``database_document``), and
instances that layer them under PHP files written as Magento writes them."""

from __future__ import annotations

from linter.crypto import encrypt, parse_crypt_keys
from linter.formats import Role, loader_for
from linter.loaders.db_rows import Table, Value, database_document
from linter.loaders.document import Document
from linter.model.instance import Instance
from linter.model.sources import Source

CRYPT_KEY = "base64RkFLRS1DUllQVC1LRVktZm9yLXRlc3RzLW9ubHktMDE="
NEW_CRYPT_KEY = "base64RkFLRS1DUllQVC1LRVktZm9yLXRlc3RzLW9ubHktMDI="
INTEGRATION = "services_connector/services_connector_integration/"
# A private key as an Admin textarea stores it (CRLF), and the same key as env.php writes it (LF).
PEM_CRLF = (
    "-----BEGIN PRIVATE KEY-----\r\nRkFLRSBQUklWQVRFIEtFWSAtLSB0ZXN0IGZpeHR1cmUgb25seQ==\r\n"
    "-----END PRIVATE KEY-----\r\n"
)
PEM_LF = PEM_CRLF.replace("\r\n", "\n")
API_KEY = "fa4efa4e0000000000000000000000a1"

CONFIG_COLUMNS = ("config_id", "scope", "scope_id", "path", "value", "updated_at")
STORE_TABLES: dict[str, tuple[tuple[str, ...], list[tuple[Value, ...]]]] = {
    "store_website": (
        ("website_id", "code", "name", "sort_order", "default_group_id", "is_default"),
        [("0", "admin", "Admin", "0", "0", "0"), ("1", "base", "Main Website", "0", "1", "1")],
    ),
    "store_group": (
        ("group_id", "website_id", "name", "root_category_id", "default_store_id", "code"),
        [
            ("0", "0", "Default", "0", "0", "default"),
            ("1", "1", "Main Website Store", "2", "1", "main_website_store"),
        ],
    ),
    "store": (
        ("store_id", "code", "website_id", "group_id", "name", "sort_order", "is_active"),
        [
            ("0", "admin", "0", "0", "Admin", "0", "1"),
            ("1", "default", "1", "1", "Default Store View", "0", "1"),
        ],
    ),
}


def ciphertext(plaintext: str, crypt_key: str = CRYPT_KEY, index: int = 0) -> str:
    """``plaintext`` as Magento encrypts it with ``crypt_key`` (``0:3:...``), deterministic."""
    return encrypt(plaintext, parse_crypt_keys(crypt_key)[0], index, bytes(range(12)))


def table(name: str, columns: tuple[str, ...], rows: list[tuple[Value, ...]], first_line: int = 2) -> Table:
    """A table whose rows start on consecutive lines after a header, as a ``mysql -B`` export has them."""
    built = Table(name, columns)
    for number, row in enumerate(rows):
        built.append(row, first_line + number)
    return built


def database(
    rows: list[tuple[Value, ...]],
    file: str = "core_config_data.tsv",
    store_tables: bool = True,
    columns: tuple[str, ...] = CONFIG_COLUMNS,
) -> Document:
    """A database view: ``core_config_data`` rows (in ``columns`` order) and, unless told not to, the store
    tables of a fresh install (admin 0 and base 1, store views admin 0 and default 1)."""
    tables = {"core_config_data": table("core_config_data", columns, rows)}
    if store_tables:
        for name, (names, entries) in STORE_TABLES.items():
            tables[name] = table(name, names, entries)
    return database_document(file, "tsv", tables)


def php(name: str, text: str) -> Document:
    """A PHP file's document, parsed as the loader parses it."""
    return loader_for("php")(text, name)


def instance(db: Document | None = None, **files: str) -> Instance:
    """An instance of ``files`` (``env``, ``config``: PHP text) over the database view ``db``."""
    sources = []
    if db is not None:
        sources.append(Source(db, Role.DATABASE, False))
    if "config" in files:
        sources.append(Source(php("app/etc/config.php", files["config"]), Role.CONFIG, True))
    if "env" in files:
        sources.append(Source(php("app/etc/env.php", files["env"]), Role.ENV, False))
    return Instance("shop", ".", sources, env_type="production", env_type_source="test")


def env_php(crypt_key: str = CRYPT_KEY, system: str = "") -> str:
    """An env.php as Magento writes it, with a crypt key and, optionally, a ``system`` section's body."""
    section = f"    'system' => [\n{system}    ],\n" if system else ""
    return (
        "<?php\n"
        "return [\n"
        "    'backend' => [\n"
        "        'frontName' => 'admin_1x7a9q'\n"
        "    ],\n"
        "    'crypt' => [\n"
        f"        'key' => '{crypt_key}'\n"
        "    ],\n"
        "    'MAGE_MODE' => 'production',\n"
        f"{section}"
        "];\n"
    )
