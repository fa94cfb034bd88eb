"""Loader for ``mysql -B`` exports: one table per file (``core_config_data.tsv``), tab-separated.

The batch mode of the ``mysql``/``mariadb`` client writes a header line naming the columns (any subset
the ``SELECT`` chose), then one line per row: ``NULL`` for SQL NULL, and only four characters escaped,
NUL as ``\\0``, tab as ``\\t``, newline as ``\\n`` and the backslash as ``\\\\``. A carriage return is
written raw, so a value typed into an Admin textarea keeps its CRLF inside the line: lines end at
``\\n`` only. ``iter_tsv`` streams rows for a file of any size; ``load_tsv`` builds the Document.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator

from linter.errors import LoadError
from linter.loaders.db_rows import TABLES, Table, Value, base_table, database_document
from linter.loaders.document import Document

__all__ = ["iter_tsv", "load_tsv", "table_of_file"]

Row = tuple[Value, ...]
_ESCAPES = {"0": "\0", "t": "\t", "n": "\n", "\\": "\\"}
_ESCAPE_RE = re.compile(r"\\(.?)", re.S)
_NAME_RE = re.compile(r"[A-Za-z0-9_$]{1,64}")


def table_of_file(file: str) -> str:
    """The table a file holds, from its name: ``.../store_website.tsv`` holds ``store_website``."""
    return file.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()


def _unescape(field: str, file: str, line: int) -> str:
    def one(match: re.Match[str]) -> str:
        found = _ESCAPES.get(match[1])
        if found is None:
            what = "an escape" if match[1] else "a backslash ending a value"  # not the value: it may be a key
            raise LoadError(f"{what} that mysql -B does not write (only \\0, \\t, \\n and \\\\)", file, line)
        return found

    return _ESCAPE_RE.sub(one, field)


def _header(line: str, file: str, table: str) -> tuple[str, ...]:
    columns = tuple(line.rstrip("\r").split("\t"))
    for number, column in enumerate(columns, start=1):
        if not _NAME_RE.fullmatch(column):  # not quoted: an export made with -N starts with a row of values
            raise LoadError(
                f"the first line must name the columns (as mysql -B writes it, without -N); "
                f"its field {number} is no column name",
                file,
                1,
            )
    if len(set(columns)) != len(columns):
        raise LoadError("the header names a column twice", file, 1)
    missing = [column for column in TABLES.get(base_table(table) or table, ()) if column not in columns]
    if missing:
        raise LoadError(f"a {table} export without the column {', '.join(missing)}", file, 1)
    return columns


def iter_tsv(lines: Iterable[str], file: str, table: str) -> Iterator[tuple[str, tuple[str, ...], Row, int]]:
    """Each row of a ``mysql -B`` export as ``(table, columns, row, line)``; ``columns`` is the header,
    one tuple for every row. ``lines`` end at ``\\n`` only (a file opened with ``newline="\\n"``).
    LoadError names the line of a malformed row."""
    number = 0
    columns: tuple[str, ...] = ()
    width = 0
    escaped = _unescape
    crlf = False  # a header ending in \r\n: the file went through a CRLF editor or transfer, every line
    for number, raw in enumerate(lines, start=1):
        line = raw[:-1] if raw[-1:] == "\n" else raw
        if crlf and line[-1:] == "\r" and raw[-1:] == "\n":
            line = line[:-1]  # a CR of a value in an LF file stays: mysql -B writes it raw
        if number == 1:
            crlf = raw.endswith("\r\n")
            columns = _header(line.removeprefix("\ufeff"), file, table)
            width = len(columns)
            continue
        fields = line.split("\t")
        if len(fields) != width:
            if not line.rstrip("\r"):
                continue  # a blank line (an editor's, at the end): no row
            raise LoadError(f"{len(fields)} values where the header names {width} columns", file, number)
        if "\\" in line:
            fields = [escaped(field, file, number) if "\\" in field else field for field in fields]
        if "NULL" in line:
            yield table, columns, tuple(None if field == "NULL" else field for field in fields), number
        else:
            yield table, columns, tuple(fields), number
    if number == 0:
        raise LoadError("file is empty: expected a header line naming the columns", file, 1)


def load_tsv(text: str, file: str) -> Document:
    """Parse one table's ``mysql -B`` export into a database Document (``{"tables": {name: Table}}``)."""
    table_name = table_of_file(file)
    table: Table | None = None
    for _, columns, row, line in iter_tsv(io.StringIO(text, newline="\n"), file, table_name):
        if table is None:
            table = Table(table_name, columns)
        table.append(row, line)
    if table is None:  # a header alone: the table is empty
        columns = _header(text.removeprefix("\ufeff").split("\n", 1)[0], file, table_name)
        table = Table(table_name, columns)
    return database_document(file, "db_tsv", {table_name: table})
