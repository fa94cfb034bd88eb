"""The database layer: ``core_config_data`` rows read as Magento's ``RuntimeConfigSource`` reads them.

``RuntimeConfigSource::loadConfig()`` (M2 app/code/Magento/Config/App/Config/Source/RuntimeConfigSource.php)
puts a ``default`` row at default scope and resolves every other row's ``scope_id`` to a code through
``ScopeCodeResolver`` (M2 lib/internal/Magento/Framework/App/Config/ScopeCodeResolver.php), which reads
the store tables. An id that names no website or store makes it throw ("The website with id 3 that was
requested wasn't found", magento/magento2#19709): configuration cannot load. Such rows are kept apart
(``DatabaseView.unknown``) for INPUT-UNKNOWN-SCOPE-ID, and the rest is judged without them.

Ids resolve through the store tables of the same view; where the view lacks a table, through the
``scopes`` section of config.php/env.php (app:config:dump writes ids there), which also wins where both
name an id (app:config:import makes the tables follow config.php). A kind that neither names is not
resolved: its rows are not read, and ``unresolved`` counts them.
"""

from __future__ import annotations

import sys
from typing import Any

from linter.errors import LoadError
from linter.formats import Role
from linter.loaders.db_rows import Table, Value, file_prefix, tables_of, unprefixed
from linter.location import Location
from linter.model.paths import DEFAULT_SCOPE, Scope
from linter.model.sitemap import UnreadScope
from linter.model.sources import Setting, Source

CONFIG_TABLE = "core_config_data"
# scope (as core_config_data writes it) -> the store table, its id column, and the scopes bucket
_ID_TABLES = {"websites": ("store_website", "website_id"), "stores": ("store", "store_id")}
_ROWS_NAMED = 5  # rows a finding's message names before "and N more"


class Row(Setting):
    """One ``core_config_data`` row as a setting: where it is, and which row it is."""

    __slots__ = ("config_id", "line", "updated")

    def __init__(
        self,
        source: Source,
        scope: Scope,
        path: str,
        raw: Value,
        index: int,
        line: int,
        config_id: Value = None,
        updated: Value = None,
    ) -> None:
        super().__init__(source, scope, path, raw, ("tables", CONFIG_TABLE, str(index)))
        self.line = line  # 0 when read live: there is no file
        self.config_id = config_id
        self.updated = updated

    def __repr__(self) -> str:
        return f"Row({self.provenance!r})"

    @property
    def location(self) -> Location:
        """The export file (or the DSN of a live read) and the row's line, naming the row itself:
        ``shop/core_config_data.tsv:7 (core_config_data websites/eu, config_id 1234, updated ...)``.
        A live read has no lines: only the row's name tells two of its rows apart."""
        return Location(self.source.file, self.line or None, variable=f"{CONFIG_TABLE} {self._parts()}")

    @property
    def provenance(self) -> str:
        """``core_config_data (websites/eu, config_id 1234, updated 2026-11-02)``."""
        return f"{CONFIG_TABLE} ({self._parts()})"

    def _parts(self) -> str:
        parts = [self.scope.label]
        if self.config_id:
            parts.append(f"config_id {_short(self.config_id, 24)}")
        if self.updated:
            parts.append(f"updated {_short(self.updated.split(' ', 1)[0].split('T', 1)[0], 24)}")
        return ", ".join(parts)


# A scope id of core_config_data that names no website or store view: Magento cannot load its
# configuration. ``code`` is the id as written, ``places`` its rows in table order, ``rows`` their names.
UnknownScopeId = UnreadScope


class DatabaseView:
    """What one database source contributes: its settings, its site map, the rows Magento cannot read."""

    __slots__ = ("has_config", "rows", "scopes", "settings", "unknown", "unread", "unresolved")

    def __init__(self) -> None:
        self.has_config = False  # the view holds core_config_data (else it says nothing of values)
        self.rows = 0  # core_config_data rows in the view
        self.settings: list[Setting] = []
        self.scopes: dict[str, Any] | None = None  # a `scopes` section built from the store tables
        self.unknown: list[UnknownScopeId] = []
        self.unread: list[Row] = []  # rows not read (unknown or unresolved ids): still scrubbed
        self.unresolved = 0  # rows whose kind no table or `scopes` section maps to codes


def _text(value: Value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _id(value: Value) -> str:
    """An id as compared: ``'1'`` for ``1`` and `` 01``; the text itself when it is no number."""
    text = _text(value)
    # Not int(): "²" is a digit to isdigit() and not to int(), and 5,000 digits are too many for it.
    return (text.lstrip("0") or "0") if text.isascii() and text.isdigit() else text


def _column(table: Table, name: str) -> int | None:
    return table.index(name)


def _codes(table: Table | None, id_column: str) -> dict[str, str] | None:
    """id → code from one store table (None when the view lacks it or its columns)."""
    if table is None:
        return None
    at_id, at_code = _column(table, id_column), _column(table, "code")
    if at_id is None or at_code is None:
        return None
    return {_id(row[at_id]): _text(row[at_code]) for row in table.rows if _text(row[at_code])}


def file_codes(scopes: Any, kind: str, id_column: str) -> dict[str, str] | None:
    """id → code from a ``scopes`` section of config.php/env.php (None when it lists no such kind)."""
    bucket = scopes.get(kind) if isinstance(scopes, dict) else None
    if not isinstance(bucket, dict):
        return None
    found: dict[str, str] = {}
    for key, entry in bucket.items():
        if isinstance(entry, dict) and entry.get(id_column) is not None:
            code = entry.get("code")
            found[_id(str(entry[id_column]))] = code if isinstance(code, str) and code else str(key)
    return found


def _site_map_section(tables: dict[str, Table]) -> dict[str, Any] | None:
    """The store tables as the ``scopes`` section app:config:dump would write from them."""
    section: dict[str, Any] = {}
    websites = _codes(tables.get("store_website"), "website_id")
    if websites is not None:
        section["websites"] = {code: {"website_id": wid, "code": code} for wid, code in websites.items()}
    store = tables.get("store")
    if store is not None and _codes(store, "store_id") is not None:
        at_id, at_code = _column(store, "store_id"), _column(store, "code")
        at_website = _column(store, "website_id")
        entries: dict[str, Any] = {}
        for row in store.rows:
            code = _text(row[at_code]) if at_code is not None else ""
            if code:
                entry = {"store_id": _id(row[at_id]) if at_id is not None else "", "code": code}
                if at_website is not None:
                    entry["website_id"] = _id(row[at_website])
                entries[code] = entry
        section["stores"] = entries
    return section or None


def _tables(source: Source, prefix: str | None) -> dict[str, Table]:
    """A source's four tables named with ``prefix`` (None: its own), keyed without it."""
    tables = tables_of(source.document)
    return unprefixed(tables, file_prefix(tables) if prefix is None else prefix)


def table_prefix(env: Any) -> str:
    """env.php's ``db/table_prefix`` ('' when unset), which every table name of the installation starts with
    (M2 lib/internal/Magento/Framework/Config/ConfigOptionsListConstants.php CONFIG_PATH_DB_PREFIX,
    read by lib/internal/Magento/Framework/App/ResourceConnection.php getTableName)."""
    db = env.get("db") if isinstance(env, dict) else None
    prefix = db.get("table_prefix") if isinstance(db, dict) else None
    return prefix if isinstance(prefix, str) else ""


def prefix_error(source: Source, prefix: str) -> LoadError | None:
    """A database file whose tables all carry another prefix than env.php's: read as "no tables", the
    run would pass without reading a row, so it is an input error naming the file."""
    tables = tables_of(source.document)
    if not tables or unprefixed(tables, prefix):
        return None
    found = file_prefix(tables)
    named = _short(next(iter(tables)), 80)
    return LoadError(
        f"its tables have the prefix {_short(found, 40)!r} ({named}), but env.php's db/table_prefix is "
        f"{_short(prefix, 40)!r}: Magento reads other tables",
        source.file,
    )


def prefix_errors(sources: list[Source]) -> dict[int, LoadError]:
    """By ``id(source)``: each database file read whose tables carry another prefix than env.php's."""
    env = next((source for source in sources if source.role == Role.ENV), None)
    if env is None:
        return {}  # no env.php says which prefix: each file is read with its own
    prefix = table_prefix(env.document.data)
    found = {id(source): prefix_error(source, prefix) for source in sources if source.role == Role.DATABASE}
    return {key: error for key, error in found.items() if error is not None}


def store_tables(sources: list[Source], prefix: str | None = None) -> dict[str, Table]:
    """The store tables of an instance's database sources: a ``mysql -B`` export is one file per table,
    so the tables that resolve one file's scope ids may come from the others (the first of each wins).
    ``prefix``: env.php's ``db/table_prefix`` (None without env.php: each file's own); the tables are
    keyed without it."""
    found: dict[str, Table] = {}
    for source in sources:
        for name, table in _tables(source, prefix).items():
            if name != CONFIG_TABLE:
                found.setdefault(name, table)
    return found


def read_database(
    source: Source, file_scopes: Any, stores: dict[str, Table] | None = None, prefix: str | None = None
) -> DatabaseView:
    """The settings of a database source, each at the scope Magento resolves its ``scope_id`` to.

    ``stores``: the instance's store tables (``store_tables``); by default, this source's own.
    ``prefix``: env.php's ``db/table_prefix``: the tables read are those named with it (None: the
    file's own prefix, when no env.php says which)."""
    view = DatabaseView()
    own = _tables(source, prefix)
    tables = {**own, **(stores if stores is not None else {})}
    view.scopes = _site_map_section(tables)
    table = own.get(CONFIG_TABLE)
    if table is None:
        return view
    at = {name: _column(table, name) for name in ("scope", "scope_id", "path", "value")}
    if None in at.values():
        return view  # the reader names the missing column; nothing here can be placed
    view.has_config = True
    view.rows = len(table.rows)
    at_config, at_updated = _column(table, "config_id"), _column(table, "updated_at")
    codes: dict[str, dict[str, str] | None] = {}
    for kind, (name, id_column) in _ID_TABLES.items():
        mapped = _codes(tables.get(name), id_column)
        from_files = file_codes(file_scopes, kind, id_column)
        if from_files is not None:
            mapped = {**(mapped or {}), **from_files}
        codes[kind] = mapped
    unknown: dict[tuple[str, str], list[Row]] = {}
    scopes: dict[tuple[str, str], Scope] = {}  # one Scope per scope: a million rows name a few thousand
    at_scope, at_scope_id, at_path, at_value = (at[name] or 0 for name in at)  # all found: checked above
    for index, (row, line) in enumerate(zip(table.rows, table.lines, strict=True)):
        path = _text(row[at_path])
        if not path:
            continue
        kind = _text(row[at_scope])
        scope_id = _id(row[at_scope_id])
        mapping = codes.get(kind)
        code = "" if kind == "default" else mapping.get(scope_id) if mapping is not None else None
        key = (kind, code.lower() if code is not None else scope_id)
        scope = DEFAULT_SCOPE if kind == "default" else scopes.get(key) or scopes.setdefault(key, Scope(*key))
        setting = Row(
            source,
            scope,
            sys.intern(path),  # 40,000 store views repeat the same dozen paths
            row[at_value],
            index,
            line,
            row[at_config] if at_config is not None else None,
            row[at_updated] if at_updated is not None else None,
        )
        if code is not None:
            view.settings.append(setting)
            continue
        view.unread.append(setting)
        if kind in _ID_TABLES and mapping is None:
            view.unresolved += 1  # no table says which ids exist: not known to be wrong
        else:
            unknown.setdefault((kind, scope_id), []).append(setting)
    view.unknown = [_unknown(kind, scope_id, rows) for (kind, scope_id), rows in unknown.items()]
    return view


def _short(text: str, most: int = 120) -> str:
    """A name for a message: a damaged export may hold a path (or an id) of megabytes."""
    return text if len(text) <= most else text[: most - 3] + "..."


def _unknown(kind: str, scope_id: str, rows: list[Row]) -> UnknownScopeId:
    named = [
        f"config_id {_short(row.config_id, 24)} ({_short(row.path)})" if row.config_id else _short(row.path)
        for row in rows
    ]
    text = ", ".join(named[:_ROWS_NAMED])
    if len(named) > _ROWS_NAMED:
        text += f" and {len(named) - _ROWS_NAMED} more"
    also = f"another row of {_short(kind, 24)} id {_short(scope_id, 24)}"  # the place names the row itself
    places = tuple(
        row.location if number == 0 else row.location.replace(note=also) for number, row in enumerate(rows)
    )
    return UnknownScopeId(_short(kind, 24), _short(scope_id, 24), places, text)
