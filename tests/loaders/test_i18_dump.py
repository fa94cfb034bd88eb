"""The mysqldump/mariadb-dump reader: rows of the four tables read as data, whatever the dump's shape."""

from __future__ import annotations

import io
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.errors import LoadError
from linter.loaders import db_dump
from linter.loaders.db_dump import iter_dump, load_dump
from linter.loaders.db_rows import tables_of

CREATE = """CREATE TABLE `core_config_data` (
  `config_id` int(10) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Config ID',
  `scope` varchar(8) NOT NULL DEFAULT 'default' COMMENT 'Config Scope',
  `scope_id` int(11) NOT NULL DEFAULT 0 COMMENT 'Config Scope ID',
  `path` varchar(255) NOT NULL DEFAULT 'general' COMMENT 'Config Path',
  `value` text DEFAULT NULL COMMENT 'Config Value, (a comma) and ''quotes''',
  `updated_at` timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),
  PRIMARY KEY (`config_id`),
  UNIQUE KEY `CORE_CONFIG_DATA_SCOPE_SCOPE_ID_PATH` (`scope`,`scope_id`,`path`)
) ENGINE=InnoDB AUTO_INCREMENT=23 DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci COMMENT='Config Data';
"""
HEAD = """/*M!999999\\- enable the sandbox mode */
-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)
/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40103 SET TIME_ZONE='+00:00' */;
DROP TABLE IF EXISTS `core_config_data`;
"""


def _table(text: str, name: str = "core_config_data") -> db_dump.Table:
    return tables_of(load_dump(text, "magento.sql"))[name]


def test_an_extended_insert_with_every_kind_of_value() -> None:
    text = (
        HEAD
        + CREATE
        + "LOCK TABLES `core_config_data` WRITE;\n/*!40000 ALTER TABLE `core_config_data` DISABLE KEYS */;\n"
        + "INSERT INTO `core_config_data` VALUES "
        + "(1,'default',0,'web/seo/use_rewrites','1','2026-09-14 08:12:03'),"
        + "(8,'default',0,'web/cookie/cookie_domain',NULL,'2026-09-14 08:12:04'),"
        + "(17,'stores',1,'design/head/includes','<link />\\r\\n<script>it\\'s</script>\\r\\n',"
        + "'2026-11-03 09:05:12'),"
        + "(20,'default',0,'design/head/default_description','It''s; /* no */ -- no\\n# no',"
        + "'2026-11-03 09:05:12'),"
        + "(21,'default',0,'design/footer/copyright','\\0 \\Z \\\"q\\\" \\\\ \\% \\_ \\x',"
        + "'2026-11-03 09:05:12'),"
        + "(30,'default',0,'a/b/hex',0x4BF66C6E,'2026-10-01 12:00:00'),"
        + "(31,'default',0,'a/b/xhex',X'c3a9',NULL),"
        + "(32,'default',0,'a/b/binary',_binary 'K\\xf6ln','2026-10-01 12:00:00'),"
        + "(33,'default',-1,'a/b/double',\"dq \"\"x\"\" 'y'\",'2026-10-01 12:00:00');\n"
        + "/*!40000 ALTER TABLE `core_config_data` ENABLE KEYS */;\nUNLOCK TABLES;\n"
    )
    table = _table(text)
    assert table.columns == ("config_id", "scope", "scope_id", "path", "value", "updated_at")
    values = {row[3]: row[4] for row in table.rows}
    assert values["web/seo/use_rewrites"] == "1"
    assert values["web/cookie/cookie_domain"] is None
    assert values["design/head/includes"] == "<link />\r\n<script>it's</script>\r\n"
    assert values["design/head/default_description"] == "It's; /* no */ -- no\n# no"
    assert values["design/footer/copyright"] == '\0 \x1a "q" \\ \\% \\_ x'
    assert values["a/b/hex"].encode("utf-8", "surrogateescape") == b"K\xf6ln"
    assert values["a/b/xhex"] == "é"
    assert values["a/b/binary"] == "Kxf6ln"  # \x is no escape in MySQL: the x is kept, the backslash not
    assert values["a/b/double"] == "dq \"x\" 'y'"
    assert [row[2] for row in table.rows][-1] == "-1"
    assert table.rows[6][5] is None
    assert set(table.lines) == {text[: text.index("INSERT INTO")].count("\n") + 1}


def test_single_row_and_data_only_inserts_in_another_column_order() -> None:
    text = (
        "INSERT INTO `core_config_data` (`scope`, `scope_id`, `path`, `value`) "
        "VALUES ('default',0,'a/b/c','1');\n"
        "INSERT INTO `core_config_data` (`value`, `path`, `scope_id`, `scope`) VALUES\n"
        "('2','a/b/d',1,'websites'),\n"
        "  ( '3' , 'a/b/e' , 2 , 'stores' );\n"
        "INSERT IGNORE INTO magento.core_config_data (scope, path, value, scope_id) "
        "VALUES ('default', 'a/b/f', NULL, 0);\n"
    )
    table = _table(text)
    assert table.columns == ("scope", "scope_id", "path", "value")
    assert table.rows == [
        ("default", "0", "a/b/c", "1"),
        ("websites", "1", "a/b/d", "2"),
        ("stores", "2", "a/b/e", "3"),
        ("default", "0", "a/b/f", None),
    ]
    assert table.lines == [1, 3, 4, 5]


def test_the_store_tables_and_tables_that_are_skipped() -> None:
    text = (
        "CREATE TABLE `store_website` (\n  `website_id` smallint(5) unsigned NOT NULL AUTO_INCREMENT,\n"
        "  `code` varchar(32) DEFAULT NULL,\n  `name` varchar(64) DEFAULT NULL,\n"
        "  PRIMARY KEY (`website_id`)\n);\n"
        "INSERT INTO `sales_order` VALUES (1,'it''s; INSERT INTO `core_config_data` VALUES (9)');\n"
        "INSERT INTO `store_website` VALUES (0,'admin','Admin'),(1,'base','Main Website');\n"
        "CREATE TABLE `store` (`store_id` smallint, `code` varchar(32), `website_id` smallint);\n"
        "DELIMITER ;;\n/*!50003 CREATE*/ /*!50003 TRIGGER t AFTER INSERT ON x FOR EACH ROW BEGIN "
        "INSERT INTO y VALUES (1); END */;;\n"
        "DELIMITER ;\n"
    )
    tables = tables_of(load_dump(text, "magento.sql"))
    assert sorted(tables) == ["store", "store_website"]
    assert tables["store_website"].rows == [("0", "admin", "Admin"), ("1", "base", "Main Website")]
    assert tables["store"].columns == ("store_id", "code", "website_id") and tables["store"].rows == []


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("\n\nINSERT INTO `core_config_data` VALUES ('default',0,'a/b','c');", 3, "without a column list"),
        (
            "INSERT INTO core_config_data (scope,scope_id,path,value) VALUES\n('default',0,'a/b');",
            2,
            "3 values",
        ),
        (
            "INSERT INTO core_config_data (scope,scope_id,path,value) VALUES ('default',0,'a/b' 'c');",
            1,
            "malformed",
        ),
        (
            "INSERT INTO core_config_data (scope,scope_id,path,value) VALUES ('default',0,'a/b','c') x;",
            1,
            "goes on",
        ),
        ("INSERT INTO core_config_data SET scope = 'default';", 1, "cannot parse"),
        ("-- x\nINSERT INTO t VALUES ('never closed);\n", 2, "string that is never closed"),
        ("/* a comment\n never closed", 1, "comment that is never closed"),
        ("CREATE TABLE `core_config_data` (`scope` varchar(8),", 1, "never closed"),
        ("INSERT INTO core_config_data (`scope`,``) VALUES (1,2);", 1, "empty name"),
    ],
)
def test_malformed_dumps_name_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(LoadError, match=message) as raised:
        load_dump(text, "magento.sql")
    assert raised.value.line == line and raised.value.file == "magento.sql"


@pytest.mark.parametrize(
    "text",
    [
        "INSERT INTO `core_config_data` (`scope`,`value`) VALUES ('default','" + "x" * 4_000_000,
        "INSERT INTO `core_config_data` (`scope`,`value`) VALUES " + "(" * 2_000_000,
        "INSERT INTO `sales_order` VALUES " + "(" * 2_000_000 + ";",
        "INSERT INTO `core_config_data` (`scope`,`value`) VALUES " + "('a','b')," * 300_000 + "('a','b');",
        "INSERT INTO `core_config_data` (`scope`,`value`) VALUES (" + "'', " * 1_000_000,
        ";" * 2_000_000,
        "-" * 2_000_000,
        "/*" + "*" * 2_000_000,
        "INSERT INTO `sales_order` VALUES ('" + "\\'" * 2_000_000 + "');",
    ],
)
def test_huge_and_deep_inputs_take_linear_time(text: str) -> None:
    started = time.perf_counter()
    try:
        load_dump(text, "magento.sql")
    except LoadError as error:
        assert error.line == 1
    assert time.perf_counter() - started < 30


_VALUES = st.one_of(
    st.none(), st.text(), st.binary(max_size=8).map(lambda b: b.decode("utf-8", "surrogateescape"))
)


def _sql(value: str | None) -> str:
    """A value as mysqldump writes it (escape_string_for_mysql: \\0 \\n \\r \\\\ \\' \\" and ^Z)."""
    if value is None:
        return "NULL"
    out = value.replace("\\", "\\\\").replace("\0", "\\0").replace("\n", "\\n").replace("\r", "\\r")
    return "'" + out.replace("'", "\\'").replace('"', '\\"').replace("\x1a", "\\Z") + "'"


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.tuples(st.integers(0, 10**6), _VALUES), min_size=1, max_size=12),
    chunk=st.integers(1, 64),
    shape=st.sampled_from([",", ",\n", "single"]),
)
def test_rows_read_back_whatever_the_chunk_boundaries(
    rows: list[tuple[int, str | None]], chunk: int, shape: str
) -> None:
    stored = [
        (str(config_id), "default", "0", f"a/b/c{i}", value) for i, (config_id, value) in enumerate(rows)
    ]
    tuples = [
        "(" + ",".join([row[0], _sql(row[1]), row[2], _sql(row[3]), _sql(row[4])]) + ")" for row in stored
    ]
    head = "INSERT INTO `core_config_data` (`config_id`,`scope`,`scope_id`,`path`,`value`) VALUES "
    if shape == "single":
        text = "".join(f"{head}{row};\n" for row in tuples)
    else:
        text = head + (",\n" if shape != "," else ",").join(tuples) + ";\n"
    saved, db_dump._CHUNK = db_dump._CHUNK, chunk  # every boundary a row, string or escape can be cut at
    try:
        streamed = [row for _, _, row, _ in iter_dump(io.StringIO(text, newline="\n"), "magento.sql")]
    finally:
        db_dump._CHUNK = saved
    assert streamed == stored
    assert _table(text).rows == stored
