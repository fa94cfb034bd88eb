"""The database view of one instance: rows of the tables commerce-lint reads, whatever their source.

A ``mysql -B`` export (one TSV file per table), a ``mysqldump``/``mariadb-dump`` file and a live
read-only connection all produce the same thing: a ``Document`` whose ``data`` is
``{"tables": {table name: Table}}``. The model turns it into the database layer (scope ids mapped
to codes through the store tables); nothing here knows scopes or rules.

Values are ``str`` (bytes that are not UTF-8 decoded with ``surrogateescape``, so nothing aborts and
nothing is lost) or ``None`` for SQL ``NULL``. A table keeps its columns once and each row as a
tuple in that order, so a million-row ``core_config_data`` costs one tuple per row, not a dict.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from linter.loaders.document import Document

# The tables read, and the columns each must have for its rows to be used (others are kept).
TABLES: dict[str, tuple[str, ...]] = {
    "core_config_data": ("scope", "scope_id", "path", "value"),
    "store_website": ("website_id", "code"),
    "store_group": ("group_id", "website_id", "code"),
    "store": ("store_id", "code", "website_id"),
}

Value = str | None
# A table prefix (env.php db/table_prefix) as a name can hold it: every table of an installation has it.
_PREFIX_RE = re.compile(r"[A-Za-z0-9_$]{0,32}")


class Table:
    """One table's columns and rows; ``lines[i]`` is the 1-based line row ``i`` starts on (0 when
    read live, where there is no file)."""

    __slots__ = ("name", "columns", "rows", "lines")

    def __init__(
        self,
        name: str,
        columns: tuple[str, ...],
        rows: list[tuple[Value, ...]] | None = None,
        lines: list[int] | None = None,
    ) -> None:
        self.name = name
        self.columns = columns
        self.rows = rows if rows is not None else []
        self.lines = lines if lines is not None else []

    def append(self, row: tuple[Value, ...], line: int) -> None:
        """Add one row (its values in ``columns`` order) that starts on ``line``."""
        self.rows.append(row)
        self.lines.append(line)

    def index(self, column: str) -> int | None:
        """The position of ``column`` in each row, None when the table lacks it."""
        try:
            return self.columns.index(column)
        except ValueError:
            return None

    def records(self) -> Iterator[tuple[dict[str, Value], int]]:
        """Each row as a column-to-value mapping, with its line."""
        for row, line in zip(self.rows, self.lines, strict=True):
            yield dict(zip(self.columns, row, strict=True)), line

    def __repr__(self) -> str:
        return f"Table({self.name!r}, {len(self.rows)} rows)"


def database_document(file: str, format: str, tables: dict[str, Table]) -> Document:
    """The document a database reader returns: ``{"tables": tables}``, keyed by table name."""
    return Document(file, format, {"tables": tables})


def tables_of(document: Document) -> dict[str, Table]:
    """The tables of a document made by ``database_document``."""
    tables: dict[str, Table] = document.data["tables"]
    return tables


def base_table(name: str) -> str | None:
    """The table of ``TABLES`` that ``name`` is, perhaps after a prefix (``mg_store`` is ``store``)."""
    for base in TABLES:
        if name.endswith(base) and _PREFIX_RE.fullmatch(name[: len(name) - len(base)]):
            return base
    return None


def file_prefix(names: Iterable[str]) -> str:
    """The one prefix of the four tables among ``names``: core_config_data's, else the first store
    table's (``cms_page_store`` ends as ``store`` does: the shortest prefix wins)."""
    found: dict[str, list[str]] = {}
    for name in names:
        base = base_table(name)
        if base is not None:
            found.setdefault(base, []).append(name[: len(name) - len(base)])
    for base in TABLES:
        if base in found:
            return min(found[base], key=lambda prefix: (len(prefix), prefix))
    return ""


def prefixed(tables: dict[str, Table]) -> dict[str, Table]:
    """The four tables of one file, all with the file's prefix (``file_prefix``), keyed as named."""
    prefix = file_prefix(tables)
    return {prefix + base: tables[prefix + base] for base in TABLES if prefix + base in tables}


def unprefixed(tables: dict[str, Table], prefix: str) -> dict[str, Table]:
    """The four tables named with ``prefix``, keyed by their names without it."""
    return {base: tables[prefix + base] for base in TABLES if prefix + base in tables}
