"""The database readers: CRLF exports, introducers before hex literals, prefixed table names."""

from __future__ import annotations

import pytest

from linter.loaders.db_dump import load_dump
from linter.loaders.db_rows import base_table, file_prefix, tables_of
from linter.loaders.db_tsv import load_tsv
from linter.reporters.repopaths import in_repository, pseudo

KEY = "services_connector/services_connector_integration/sandbox_api_key"
EXPORT = (
    "config_id\tscope\tscope_id\tpath\tvalue\tupdated_at\n"
    f"11\tdefault\t0\t{KEY}\tfa4efa4e0000000000000000000000a1\t2026-11-02 10:41:17\n"
    # The Admin textarea's CRLF as mysql -B writes it: the CR raw, the LF escaped.
    "17\tstores\t1\tdesign/head/includes\t<script>window.dataLayer = [];</script>\r\\n\t2026-11-03 09:05:12\n"
)


def _values(text: str) -> list[str | None]:
    (table,) = tables_of(load_tsv(text, "core_config_data.tsv")).values()
    return [row[table.index("value") or 0] for row in table.rows]


def test_a_crlf_export_loses_the_cr_of_every_line() -> None:
    crlf = EXPORT.replace("\n", "\r\n")
    values = _values(crlf)
    assert values == ["fa4efa4e0000000000000000000000a1", "<script>window.dataLayer = [];</script>\r\n"]
    assert [
        row[-1] for row in tables_of(load_tsv(crlf, "core_config_data.tsv"))["core_config_data"].rows
    ] == [
        "2026-11-02 10:41:17",
        "2026-11-03 09:05:12",
    ]


def test_an_lf_export_keeps_a_raw_cr_inside_a_value() -> None:
    text = "scope\tscope_id\tpath\tvalue\ndefault\t0\tdesign/head/includes\t<script></script>\r\n"
    assert _values(text) == ["<script></script>\r"]  # the Admin textarea's CR, written raw by mysql -B


@pytest.mark.parametrize(
    ("literal", "value"),
    [
        ("_binary 0x41", "A"),
        ("_binary X'4142'", "AB"),
        ("_binary'x'", "x"),
        ("_utf8mb4 0x4344", "CD"),
        ("_binary b'1000001'", "A"),
    ],
)
def test_an_introducer_before_a_hex_literal_is_a_value(literal: str, value: str) -> None:
    dump = (
        "INSERT INTO `core_config_data` (`scope`, `scope_id`, `path`, `value`) VALUES "
        f"('default',0,'a/b',{literal}),('default',0,'c/d','plain');\n"
    )
    rows = tables_of(load_dump(dump, "dump.sql"))["core_config_data"].rows
    assert rows == [("default", "0", "a/b", value), ("default", "0", "c/d", "plain")]


def test_a_dump_keeps_the_four_tables_of_its_prefix_only() -> None:
    dump = (
        "INSERT INTO `mg_cms_page_store` VALUES (1,0);\n"
        "INSERT INTO `mg_store` (`store_id`, `code`, `website_id`) VALUES (1,'default',1);\n"
        "INSERT INTO `mg_core_config_data` (`scope`, `scope_id`, `path`, `value`)"
        " VALUES ('default',0,'a/b','1');\n"
        "INSERT INTO `shop_store_website` (`website_id`, `code`) VALUES (1,'base');\n"  # another prefix's
    )
    assert sorted(tables_of(load_dump(dump, "dump.sql"))) == ["mg_core_config_data", "mg_store"]


def test_table_names_and_prefixes() -> None:
    assert base_table("mg_store_website") == "store_website"
    assert base_table("store") == "store"
    assert base_table("mg-store") is None and base_table("catalog_product_website") is None
    assert file_prefix(["mg_cms_page_store", "mg_store"]) == "mg_"
    assert file_prefix(["a_cms_block_store", "b_core_config_data"]) == "b_"
    assert file_prefix(["other"]) == ""


@pytest.mark.parametrize(
    "dsn", ["mysql://db.internal:3306/magento", "mysql:///magento?unix_socket=/run/mysqld/mysqld.sock"]
)
def test_a_dsn_is_no_file_of_the_repository(dsn: str) -> None:
    assert pseudo(dsn)
    assert in_repository(dsn, "/work/repo") is None
    assert in_repository("HEAD:app/etc/env.php", "/work/repo") == "app/etc/env.php"  # still a git file
