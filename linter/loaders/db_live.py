"""The database view read live, over a read-only session: ``SELECT`` of the four tables, nothing else.

A DSN names the server: ``mysql://user@host:3306/magento`` or ``mysql:///magento?unix_socket=/run/mysqld/
mysqld.sock``. The password comes from an option file's ``[client]`` section (``~/.my.cnf``, or the DSN's
``defaults_file=``), from the DSN itself (discouraged: a command line is seen by other users), or from
the instance's own env.php (``credentials_from_env``). The session is made read-only twice over
(``SET SESSION TRANSACTION READ ONLY`` and ``START TRANSACTION READ ONLY``), so the server refuses a
write even if this code had one; the statements sent are the fixed ones below. Passwords never leave
this module: a DSN is shown by ``shown``, and a connection error names the host and database only.

PyMySQL is an optional extra (``pip install 'commerce-lint[mysql]'``), imported on first use.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from linter.errors import LoadError, UsageError
from linter.loaders.db_rows import TABLES, Table, Value, database_document
from linter.loaders.document import Document
from linter.record import Record

__all__ = ["INSTALL_HINT", "Dsn", "credentials_from_env", "parse_dsn", "read_live"]

INSTALL_HINT = "the live database read needs PyMySQL: pip install 'commerce-lint[mysql]'"
COMMITTED_PASSWORD = (
    "db: carries a password, in a file that is committed: leave it out of the DSN and put it in an option "
    "file ([client] password=... in ~/.my.cnf, or the DSN's ?defaults_file=PATH)"
)
# The only statements a live read sends, in this order.
SESSION = (
    "SET SESSION TRANSACTION READ ONLY",
    "SET SESSION time_zone = '+00:00'",  # timestamps as a dump writes them (it sets TIME_ZONE='+00:00')
    "START TRANSACTION READ ONLY",
)
# Back-quoted, fixed names: nothing from the command line or a file reaches a statement but env.php's
# table prefix, and only when it is a plain name (``_PREFIX_RE``).
SELECTS = {table: f"SELECT * FROM `{table}`" for table in TABLES}
_PREFIX_RE = re.compile(r"[A-Za-z0-9_]{0,32}")
_TIMEOUT = 10  # seconds to connect and per read: an unreachable host must not hang the run
# Server error codes, said in words that name no user and no password.
_REASONS = {
    1044: "access denied to the database",
    1045: "access denied (user or password)",
    1049: "no such database",
    1142: "the user may not SELECT one of the tables",
    1146: "a table is missing (core_config_data, store_website, store_group, store)",
    2002: "cannot reach the server's socket",
    2003: "cannot reach the server",
    2005: "unknown host",
    2013: "the server closed the connection",
}


class Dsn(Record):
    """Where the database is and how to log in; ``password`` is never printed (see ``shown``)."""

    __slots__ = ("user", "password", "host", "port", "database", "socket", "defaults_file")

    def __init__(
        self,
        user: str | None,
        password: str | None,
        host: str | None,
        port: int | None,
        database: str,
        socket: str | None = None,
        defaults_file: str | None = None,
    ) -> None:
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.socket = socket
        self.defaults_file = defaults_file

    def __repr__(self) -> str:
        return f"Dsn({self.shown()!r})"

    def label(self) -> str:
        """The host (or socket) and database, no user and no password: the live read's file name in
        findings and errors (``mysql://db.internal:3306/magento``)."""
        if self.socket:
            return f"mysql:///{self.database}?unix_socket={self.socket}"
        return f"mysql://{self.host or 'localhost'}:{self.port or 3306}/{self.database}"

    def shown(self) -> str:
        """The DSN as it may be printed: without its password."""
        user = f"{self.user}@" if self.user else ""
        port = f":{self.port}" if self.port else ""
        query = f"?unix_socket={self.socket}" if self.socket else ""
        return f"mysql://{user}{self.host or ''}{port}/{self.database}{query}"


def parse_dsn(text: str, where: str = "--db") -> tuple[Dsn, bool]:
    """The DSN ``text`` and whether it carries a password (the caller warns: use an option file).
    UsageError naming ``where`` when it is not a ``mysql://`` URL with a database."""
    if not text.startswith(("mysql://", "mariadb://")):
        raise UsageError(
            f"{where}: expected mysql://user@host:port/database or mysql:///database?unix_socket=PATH"
        )
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise UsageError(f"{where}: not a valid DSN (the port must be a number)") from None
    database = unquote(parts.path.lstrip("/"))
    if not database or "/" in database:
        raise UsageError(f"{where}: the DSN names no database (mysql://user@host/DATABASE)")
    query = parse_qs(parts.query)
    unknown = sorted(set(query) - {"unix_socket", "socket", "defaults_file"})
    if unknown:
        raise UsageError(f"{where}: unknown DSN option {unknown[0]!r} (unix_socket, defaults_file)")
    socket = next(iter(query.get("unix_socket") or query.get("socket") or ()), None)
    defaults = next(iter(query.get("defaults_file") or ()), None)
    password = unquote(parts.password) if parts.password is not None else None
    user = unquote(parts.username) if parts.username else None
    dsn = Dsn(user, password, parts.hostname, port, database, socket, defaults)
    return dsn, password is not None


def credentials_from_env(connection: Mapping[str, Any], file: str) -> Dsn:
    """The DSN of env.php's ``db/connection/default`` (``host`` may be ``name``, ``name:port``, a socket
    path or ``name:/path/to.sock``, as Magento's Mysql adapter reads it); LoadError naming ``file``."""
    host = connection.get("host")
    database = connection.get("dbname")
    if not isinstance(database, str) or not database or not isinstance(host, str | type(None)):
        raise LoadError("db: env.php, but env.php has no db/connection/default with host and dbname", file)
    user, password = connection.get("username"), connection.get("password")
    name, port, socket = host or "localhost", None, None
    if name.startswith("/"):
        name, socket = "localhost", name
    elif ":" in name:
        name, _, rest = name.partition(":")
        if rest.startswith("/"):
            socket = rest
        elif rest.isdigit():
            port = int(rest)
    return Dsn(
        str(user) if user is not None else None,
        str(password) if password is not None else None,
        name,
        port,
        database,
        socket,
    )


def _option_file(dsn: Dsn) -> str | None:
    if dsn.defaults_file:
        if not os.path.isfile(dsn.defaults_file):
            raise LoadError(f"the option file {dsn.defaults_file} does not exist", dsn.label())
        return dsn.defaults_file
    if dsn.password is None:
        home = os.path.expanduser("~/.my.cnf")
        return home if os.path.isfile(home) else None
    return None


def _text(value: Any) -> Value:
    """A column value as the file readers give it: str (bytes not UTF-8 kept as surrogate escapes)."""
    if value is None:
        return None
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", "surrogateescape")
    return str(value)


def read_live(dsn: Dsn, prefix: str = "") -> Document:
    """The database Document of a live read; LoadError (naming host and database only) when the
    server cannot be reached or read, and when PyMySQL is not installed. ``prefix``: env.php's
    ``db/table_prefix``; the tables read are ``<prefix>core_config_data`` and so on, keyed so."""
    display = dsn.label()
    if not _PREFIX_RE.fullmatch(prefix):
        raise LoadError("env.php's db/table_prefix is not a table name prefix (letters, digits, _)", display)
    try:
        import pymysql  # an optional extra: the run pays for it only when a database is read live
        from pymysql.converters import conversions
    except ImportError:
        raise LoadError(INSTALL_HINT, display) from None
    options: dict[str, Any] = {
        "database": dsn.database,
        "charset": "utf8mb4",
        "use_unicode": False,  # bytes in, decoded here: a binary column's bytes stay as they are
        # No decoders (they are keyed by field type): every value as the server sends it, the text an
        # export holds; the encoders (keyed by Python type) stay, though no statement takes parameters.
        "conv": {key: value for key, value in conversions.items() if not isinstance(key, int)},
        "connect_timeout": _TIMEOUT,
        "read_timeout": _TIMEOUT * 6,
        "autocommit": False,
    }
    for key, value in (("user", dsn.user), ("password", dsn.password), ("host", dsn.host)):
        if value:
            options[key] = value
    if dsn.port:
        options["port"] = dsn.port
    if dsn.socket:
        options["unix_socket"] = dsn.socket
    option_file = _option_file(dsn)
    if option_file:
        options["read_default_file"] = option_file
        options["read_default_group"] = "client"
    tables: dict[str, Table] = {}
    try:
        connection = pymysql.connect(**options)
        try:
            with connection.cursor() as cursor:
                for statement in SESSION:
                    cursor.execute(statement)
                for table, select in SELECTS.items():
                    name = prefix + table
                    cursor.execute(select.replace(f"`{table}`", f"`{name}`") if prefix else select)
                    columns = tuple(_text(column[0]) or "" for column in cursor.description or ())
                    rows = [tuple(_text(value) for value in row) for row in cursor.fetchall()]
                    tables[name] = Table(name, columns, rows, [0] * len(rows))
            connection.rollback()
        finally:
            connection.close()
    except pymysql.Error as error:
        code = error.args[0] if error.args and isinstance(error.args[0], int) else None
        reason = _REASONS.get(code or 0, f"server error {code}" if code else type(error).__name__)
        raise LoadError(f"cannot read the database: {reason}", display) from None
    except OSError as error:
        raise LoadError(
            f"cannot read the database: {error.strerror or 'connection failed'}", display
        ) from None
    return database_document(display, "db_live", tables)
