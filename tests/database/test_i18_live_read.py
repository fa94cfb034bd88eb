"""The three database inputs against a real MariaDB: the live read, a mariadb-dump of the same tables
and a ``mariadb -B`` export give the same tables; the live read is read-only, queries only the four
tables, and never shows a password."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from linter.loaders import db_live
from linter.loaders.db_dump import load_dump
from linter.loaders.db_rows import TABLES, Table, tables_of
from linter.loaders.db_tsv import load_tsv
from linter.loaders.reading import read_text
from tests.database.conftest import AUDITOR_PASSWORD, Server
from tests.support.inprocess import run_main

pymysql = pytest.importorskip(
    "pymysql", reason="PyMySQL is not installed: pip install 'commerce-lint[mysql]'"
)

Shape = dict[str, tuple[tuple[str, ...], list[tuple[str | None, ...]]]]
SHOP = Path(__file__).resolve().parents[1] / "data" / "real-install" / "shop"


def _shape(tables: dict[str, Table]) -> Shape:
    return {name: (table.columns, table.rows) for name, table in sorted(tables.items())}


def _live(server: Server, database: str) -> Shape:
    dsn, _ = db_live.parse_dsn(server.dsn(database))
    return _shape(tables_of(db_live.read_live(dsn)))


def _from_file(tmp_path: Path, name: str, content: bytes) -> Shape:
    path = tmp_path / name
    path.write_bytes(content)
    text = read_text(path, name, exact=True)  # as an instance's files are read (linter.formats.EXACT_FORMATS)
    loader = load_dump if name.endswith(".sql") else load_tsv
    return _shape(tables_of(loader(text, name)))


def _exports(server: Server, database: str, tmp_path: Path) -> Shape:
    shape: Shape = {}
    for table in TABLES:
        content = server.client("-B", "-e", f"SELECT * FROM {table}", database=database)
        shape.update(_from_file(tmp_path, f"{table}.tsv", content))
    return dict(sorted(shape.items()))


@pytest.mark.parametrize("database", ["magento", "legacy"])
def test_the_live_read_a_dump_and_an_export_give_the_same_tables(
    mariadb: Server, database: str, tmp_path: Path
) -> None:
    live = _live(mariadb, database)
    assert sorted(live) == sorted(TABLES)
    dumps = {
        "extended": (),
        "single-row": ("--skip-extended-insert",),
        "data-only": ("--no-create-info", "--complete-insert"),
        "hex-blob": ("--hex-blob",),
    }
    for label, options in dumps.items():
        assert _from_file(tmp_path, f"{label}.sql", mariadb.dump(database, *options)) == live, label
    assert _exports(mariadb, database, tmp_path) == live
    columns, rows = live["core_config_data"]
    by_path = {row[columns.index("path")]: row[columns.index("value")] for row in rows}
    assert by_path["design/head/includes"].endswith("</script>\r\n")  # the Admin textarea's CRLF, kept
    assert by_path["web/cookie/cookie_domain"] is None
    assert by_path["design/footer/absolute_footer"] == "Col A\tCol B\\nnot a newline\\\\"
    assert by_path["general/store_information/name"] == "Müller & Söhne — 東京 ☕"
    assert by_path["design/footer/copyright"] == 'Copyright \0 2026 \x1a "quoted"'
    assert by_path["design/head/default_description"] == "It's; /* not a comment */ -- nor this\n# nor this"
    assert by_path["services_connector/services_connector_integration/production_api_key"].startswith("0:3:")
    if database == "legacy":  # bytes that are not UTF-8, kept as surrogate escapes, the same everywhere
        street = by_path["general/store_information/street_line1"]
        assert street.encode("utf-8", "surrogateescape") == b"Rue de \xe9t\xe9 9\r\n"
        assert by_path["general/store_information/city"].encode("utf-8", "surrogateescape") == b"K\xf6ln"
    sites = live["store_website"]
    assert [row[sites[0].index("code")] for row in sites[1]] == ["admin", "base"]


def test_an_export_of_some_columns_reads_as_those_columns(mariadb: Server, tmp_path: Path) -> None:
    query = "SELECT scope, scope_id, path, value FROM core_config_data"
    subset = _from_file(
        tmp_path, "core_config_data.tsv", mariadb.client("-B", "-e", query, database="magento")
    )
    columns, rows = _live(mariadb, "magento")["core_config_data"]
    keep = [columns.index(name) for name in ("scope", "scope_id", "path", "value")]
    assert subset == {
        "core_config_data": (
            ("scope", "scope_id", "path", "value"),
            [tuple(r[i] for i in keep) for r in rows],
        )
    }


INSERT = "INSERT INTO core_config_data (scope, scope_id, path, value) VALUES ('default', 0, 'x/y/z', '1')"


class _Recorder:
    """A cursor that records each statement and, once the read-only transaction is open, tries a write
    through the same connection (the test's, not the reader's)."""

    def __init__(self, cursor: Any, log: list[str], refusals: list[int]) -> None:
        self.cursor = cursor
        self.log = log
        self.refusals = refusals

    def __enter__(self) -> _Recorder:
        return self

    def __exit__(self, *_: object) -> None:
        self.cursor.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.cursor, name)

    def execute(self, statement: str) -> Any:
        self.log.append(statement)
        result = self.cursor.execute(statement)
        if statement == "START TRANSACTION READ ONLY":
            try:
                self.cursor.execute(INSERT)
            except pymysql.Error as error:
                self.refusals.append(error.args[0])
        return result


def test_the_session_is_read_only_and_reads_nothing_but_the_four_tables(
    mariadb: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    statements: list[str] = []
    refusals: list[int] = []
    connect = pymysql.connect

    def recording_connect(**options: Any) -> Any:
        connection = connect(**options)
        real_cursor = connection.cursor
        monkeypatch.setattr(connection, "cursor", lambda: _Recorder(real_cursor(), statements, refusals))
        return connection

    monkeypatch.setattr(pymysql, "connect", recording_connect)
    log_start = mariadb.general_log.stat().st_size
    db_live.read_live(db_live.parse_dsn(mariadb.dsn())[0])
    assert refusals == [1792]  # ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION: the server refused the write
    assert statements == [*db_live.SESSION, *db_live.SELECTS.values()]
    assert list(db_live.SELECTS.values()) == [f"SELECT * FROM `{table}`" for table in TABLES]
    # What the server saw (its general query log): no other table, and no write but the refused one.
    seen = mariadb.general_log.read_bytes()[log_start:].decode(errors="replace")
    queries = re.findall(r"\sQuery\t(.*)", seen)
    driver = ["SET NAMES utf8mb4", "SET AUTOCOMMIT = 0", "ROLLBACK"]  # PyMySQL's own, around the read
    assert sorted(queries) == sorted([*driver, *db_live.SESSION, INSERT, *db_live.SELECTS.values()])
    assert (
        mariadb.client(
            "-N", "-e", "SELECT COUNT(*) FROM core_config_data WHERE path = 'x/y/z'", database="magento"
        )
        == b"0\n"
    )


def _instance(tmp_path: Path, manifest: str | None = None, env: str | None = None) -> Path:
    shop = tmp_path / "shop"
    (shop / "app" / "etc").mkdir(parents=True)
    (shop / "app" / "etc" / "config.php").write_bytes((SHOP / "app" / "etc" / "config.php").read_bytes())
    env_text = env if env is not None else (SHOP / "app" / "etc" / "env.php").read_text()
    (shop / "app" / "etc" / "env.php").write_text(env_text)
    if manifest is not None:
        (shop / "instance.yaml").write_text(manifest)
    return shop


def _files(out: str) -> list[tuple[str, str]]:
    return [(item["path"], item["role"]) for item in json.loads(out)["instances"][0]["files"]]


def test_check_db_reads_the_database_as_one_more_input_of_the_instance(
    mariadb: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = _instance(tmp_path)
    option_file = tmp_path / "auditor.cnf"
    option_file.write_text(f"[client]\nuser = auditor\npassword = {AUDITOR_PASSWORD}\n")
    dsn = f"mysql:///magento?unix_socket={mariadb.socket}&defaults_file={option_file}"
    code, out, err = run_main(monkeypatch, capsys, "check", str(shop), "--db", dsn, "-f", "json")
    assert code in (0, 1), err
    assert (f"mysql:///magento?unix_socket={mariadb.socket}", "database") in _files(out)
    assert AUDITOR_PASSWORD not in out + err and "auditor.cnf" not in out


def test_a_password_on_the_command_line_is_warned_about_and_never_shown(
    mariadb: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = _instance(tmp_path)
    dsn = f"mysql://auditor:{AUDITOR_PASSWORD}@localhost/magento?unix_socket={mariadb.socket}"
    for fmt in ("text", "json", "sarif"):
        code, out, err = run_main(monkeypatch, capsys, "check", str(shop), "--db", dsn, "-f", fmt)
        assert code in (0, 1), err
        assert "carries a password" in err and "option file" in err
        assert AUDITOR_PASSWORD not in out + err and AUDITOR_PASSWORD[:8] not in out + err


def test_a_failed_connection_names_host_and_database_only_and_the_files_are_still_checked(
    mariadb: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = _instance(tmp_path)
    wrong = "Wr0ng-pass-for-auditor"
    dsn = f"mysql://auditor:{wrong}@localhost/magento?unix_socket={mariadb.socket}"
    code, out, err = run_main(monkeypatch, capsys, "check", str(shop), "--db", dsn)
    assert code == 2
    errors = [line for line in err.splitlines() if "error:" in line]
    assert errors == [
        f"commerce-lint: error: mysql:///magento?unix_socket={mariadb.socket}: "
        "cannot read the database: access denied (user or password)"
    ]
    assert wrong not in out + err and "auditor" not in "\n".join(errors)
    assert "1 instance checked" in out  # env.php and config.php were still read


def test_db_env_php_reads_with_the_instance_s_own_credentials(
    mariadb: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    env = (SHOP / "app" / "etc" / "env.php").read_text()
    connection = (
        "'host' => 'localhost:" + mariadb.socket + "',\n"
        "                'dbname' => 'magento',\n"
        "                'username' => 'auditor',\n"
        "                'password' => '" + AUDITOR_PASSWORD + "',\n"
    )
    env, count = re.subn(
        r"'host' => '[^']*',\s*'dbname' => '[^']*',\s*'username' => '[^']*',\s*'password' => '[^']*',\n",
        connection,
        env,
    )
    assert count == 1
    shop = _instance(tmp_path, "name: shop\nenvironment_type: production\ndb: env.php\n", env)
    code, out, err = run_main(monkeypatch, capsys, "check", str(shop), "-f", "json")
    assert code in (0, 1), err
    assert (f"mysql:///magento?unix_socket={mariadb.socket}", "database") in _files(out)
    assert AUDITOR_PASSWORD not in out + err


def test_without_pymysql_db_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "pymysql", None)  # as if it were not installed
    shop = _instance(tmp_path)
    code, out, err = run_main(
        monkeypatch, capsys, "check", str(shop), "--db", "mysql://u@db.internal/magento"
    )
    assert code == 2
    assert "pip install 'commerce-lint[mysql]'" in err and not out
