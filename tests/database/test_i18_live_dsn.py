"""DSNs and env.php credentials: where the live read connects, and that a password is never printed."""

from __future__ import annotations

import pytest

from linter.errors import LoadError, UsageError
from linter.loaders.db_live import Dsn, credentials_from_env, parse_dsn

SECRET = "S3cr3t-Pa55-w0rd"


@pytest.mark.parametrize(
    ("text", "label", "has_password"),
    [
        ("mysql://auditor@db.internal:3307/magento", "mysql://db.internal:3307/magento", False),
        ("mysql://db.internal/magento", "mysql://db.internal:3306/magento", False),
        (
            "mysql:///magento?unix_socket=/run/mysqld/mysqld.sock",
            "mysql:///magento?unix_socket=/run/mysqld/mysqld.sock",
            False,
        ),
        (f"mysql://auditor:{SECRET}@db.internal/magento", "mysql://db.internal:3306/magento", True),
        (f"mariadb://a%40b:{SECRET}%3A@10.0.0.5:3306/shop_db", "mysql://10.0.0.5:3306/shop_db", True),
    ],
)
def test_dsns_and_how_they_are_shown(text: str, label: str, has_password: bool) -> None:
    dsn, password = parse_dsn(text)
    assert password is has_password and dsn.label() == label
    for shown in (dsn.label(), dsn.shown(), repr(dsn)):
        assert SECRET not in shown and "S3cr3t" not in shown


def test_the_password_and_user_are_decoded() -> None:
    dsn, _ = parse_dsn(f"mysql://a%40b:{SECRET}%3A@h/db?defaults_file=/etc/cl.cnf")
    assert (dsn.user, dsn.password, dsn.database, dsn.defaults_file) == (
        "a@b",
        SECRET + ":",
        "db",
        "/etc/cl.cnf",
    )
    assert dsn.shown() == "mysql://a@b@h/db"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("postgres://u@h/db", "expected mysql://"),
        ("mysql://u@h/", "names no database"),
        ("mysql://u@h:port/db", "port must be a number"),
        ("mysql://u@h/db?ssl=1", "unknown DSN option 'ssl'"),
        ("mysql://u@h/a/b", "names no database"),
    ],
)
def test_bad_dsns_are_usage_errors_that_do_not_repeat_them(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message) as raised:
        parse_dsn(text.replace("u@", f"u:{SECRET}@"))
    assert SECRET not in raised.value.one_line()


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("db", ("db", None, None)),
        ("db:3307", ("db", 3307, None)),
        ("/var/run/mysqld/mysqld.sock", ("localhost", None, "/var/run/mysqld/mysqld.sock")),
        ("localhost:/tmp/mysql.sock", ("localhost", None, "/tmp/mysql.sock")),
    ],
)
def test_env_php_hosts_as_magento_reads_them(host: str, expected: tuple[str, int | None, str | None]) -> None:
    dsn = credentials_from_env(
        {"host": host, "dbname": "magento", "username": "magento", "password": SECRET}, "e"
    )
    assert (dsn.host, dsn.port, dsn.socket) == expected
    assert (dsn.user, dsn.password, dsn.database) == ("magento", SECRET, "magento")
    assert SECRET not in dsn.label() + dsn.shown()


def test_env_php_without_a_database_name_is_a_load_error() -> None:
    with pytest.raises(LoadError, match="no db/connection/default") as raised:
        credentials_from_env({"host": "db", "password": SECRET}, "app/etc/env.php")
    assert raised.value.file == "app/etc/env.php" and SECRET not in raised.value.one_line()


def test_a_dsn_record_compares_by_its_fields() -> None:
    assert Dsn("u", None, "h", None, "db") == parse_dsn("mysql://u@h/db")[0]
