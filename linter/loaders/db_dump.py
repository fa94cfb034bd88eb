"""Loader for ``mysqldump``/``mariadb-dump`` files: the rows of the four tables, read as data.

Nothing here executes SQL: the text is split into statements (strings, quoted names and comments
respected, ``DELIMITER`` followed), and only two kinds are read, ``CREATE TABLE`` of a table in
``TABLES`` (for its column order) and ``INSERT``/``REPLACE`` into one (extended or single-row, with or
without a column list). Every other statement, ``/*!…*/`` and ``/*M!…*/`` comments included, is
skipped without being parsed, so a full database dump costs little more than its four tables.
Values: MySQL string escapes, ``_binary``/introducer strings, ``0x…`` and ``X'…'`` hex literals
(bytes that are not UTF-8 kept as surrogate escapes), numbers as written, ``NULL`` as None.

``iter_dump`` streams rows from a text stream in memory bounded by the longest statement;
``load_dump`` builds the Document from a file's text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from functools import cache
from typing import TextIO

from linter.errors import LoadError
from linter.loaders.db_rows import TABLES, Table, Value, database_document
from linter.loaders.document import Document

__all__ = ["iter_dump", "load_dump"]

Row = tuple[Value, ...]
_CHUNK = 1 << 20
_STR = r"'(?:[^'\\]++|\\.|'')*+'"
_DSTR = r'"(?:[^"\\]++|\\.|"")*+"'
_NAME = r"`(?:[^`]++|``)*+`"
_COMMENT = r"/\*.*?\*/|(?:--(?=[ \t\r\n]|$)|#)[^\n]*+"
# A value: a string (perhaps after an introducer such as _binary or N), a hex or bit literal, NULL, a
# number, a keyword MySQL takes as a value (TRUE, DEFAULT, CURRENT_TIMESTAMP).
_VALUE = (
    rf"(?:(?:_[A-Za-z0-9]++\s*+|[Nn](?='))?(?:{_STR}|{_DSTR})|[XxBb]'[0-9A-Fa-f]*+'|0[xX][0-9A-Fa-f]++"
    rf"|[-+]?(?:[0-9]++(?:\.[0-9]*+)?|\.[0-9]++)(?:[eE][-+]?[0-9]++)?|[A-Za-z_]++)"
)
_ROW = rf"\(\s*+{_VALUE}(?:\s*+,\s*+{_VALUE})*+\s*+\)"
_ROWS_RE = re.compile(rf"\s*+{_ROW}(?:\s*+,\s*+{_ROW})*+\s*+", re.S)
# The tokens of a checked VALUES list: a value, or the ")" that ends a row.
_TOKEN_RE = re.compile(rf"(?:_[A-Za-z0-9]++\s*+)?(?:{_STR}|{_DSTR})|[^\s,()'\"]++(?:'[^']*+')?|\)", re.S)
_SPACE_RE = re.compile(rf"(?:\s++|{_COMMENT})*+", re.S)
_INSERT_RE = re.compile(
    rf"(?:INSERT|REPLACE)(?:\s++(?:LOW_PRIORITY|DELAYED|HIGH_PRIORITY|IGNORE))*+(?:\s++INTO)?\s*+"
    rf"(?:(?:{_NAME}|[A-Za-z0-9_$]++)\s*+\.\s*+)?({_NAME}|[A-Za-z0-9_$]++)\s*+"
    rf"(?:\(([^)]*+)\)\s*+)?VALUES?(?![A-Za-z0-9_])",
    re.I | re.S,
)
_CREATE_RE = re.compile(
    rf"CREATE\s++(?:OR\s++REPLACE\s++)?(?:TEMPORARY\s++)?TABLE\s++(?:IF\s++NOT\s++EXISTS\s++)?"
    rf"(?:(?:{_NAME}|[A-Za-z0-9_$]++)\s*+\.\s*+)?({_NAME}|[A-Za-z0-9_$]++)\s*+\(",
    re.I | re.S,
)
_DELIMITER_RE = re.compile(r"DELIMITER[ \t]++(\S++)[^\n]*+", re.I)
_PART_RE = re.compile(rf"{_STR}|{_DSTR}|{_NAME}|{_COMMENT}|[(),]|[^'\"`(),/#-]++|[/#-]", re.S)
_ESCAPE_RES = {"'": re.compile(r"\\(.)|''", re.S), '"': re.compile(r'\\(.)|""', re.S)}
_HEAD_RE = re.compile(r"`(?:[^`]|``)*`|[A-Za-z0-9_$]+")
_MODIFIERS = frozenset(("INSERT", "REPLACE", "LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "IGNORE", "INTO"))
_ESCAPES = {"0": "\0", "b": "\b", "n": "\n", "r": "\r", "t": "\t", "Z": "\x1a", "%": "\\%", "_": "\\_"}
_SHOWN = 40
# Words that open a definition in CREATE TABLE that is not a column.
_NOT_COLUMNS = frozenset(
    ("PRIMARY", "UNIQUE", "KEY", "INDEX", "CONSTRAINT", "FOREIGN", "FULLTEXT", "SPATIAL", "CHECK", "PERIOD")
)


@cache
def _statement_re(delimiter: str) -> re.Pattern[str]:
    """Everything up to the next ``delimiter`` outside strings, quoted names and comments."""
    first = re.escape(delimiter[0])
    rest = re.escape(delimiter)
    plain = rf"[^'\"`/#\-{first}]++"
    other = rf"/(?!\*)|-(?!-(?:[ \t\r\n]|$))|(?!{rest}){first}"
    return re.compile(rf"(?:{plain}|{_STR}|{_DSTR}|{_NAME}|{_COMMENT}|{other})*+", re.S)


@cache
def _skip_re(delimiter: str) -> re.Pattern[str]:
    """A run of whole statements this reader does not read (neither INSERT, REPLACE, CREATE nor
    DELIMITER), each with its delimiter: skipped in one match, so a dump of other tables (or a file of
    nothing but semicolons) costs no Python per statement."""
    read = r"(?i:INSERT|REPLACE|CREATE|DELIMITER)(?![A-Za-z0-9_$])"
    body = _statement_re(delimiter).pattern
    return re.compile(rf"(?:(?:\s++|{_COMMENT})*+(?!{read}){body}{re.escape(delimiter)})*+", re.S)


def _name(quoted: str) -> str:
    return quoted[1:-1].replace("``", "`") if quoted.startswith("`") else quoted


def _unescape(text: str, quote: str = "'") -> str:
    """A quoted string's content as MySQL reads it (``\\n``, ``\\'``, a doubled quote...)."""
    return _ESCAPE_RES[quote].sub(lambda m: _ESCAPES.get(m[1], m[1]) if m[1] is not None else quote, text)


def _hex(digits: str) -> str:
    if len(digits) % 2:
        digits = "0" + digits
    return bytes.fromhex(digits).decode("utf-8", "surrogateescape")


def _literal(token: str) -> Value:
    """A value that is not a plain quoted string."""
    head = token[:1]
    if head in "'\"":
        return _unescape(token[1:-1], head) if "\\" in token or head * 2 in token[1:-1] else token[1:-1]
    if head == "_":  # _binary '...', _utf8mb4'...'
        return _literal(token[token.find(token[-1]) :])
    if token.upper() == "NULL":
        return None
    if head in "xX" and token[1:2] == "'":
        return _hex(token[2:-1])
    if head == "0" and token[1:2] in ("x", "X"):
        return _hex(token[2:])
    if head in "bB" and token[1:2] == "'":
        bits = token[2:-1] or "0"
        return int(bits, 2).to_bytes((len(bits) + 7) // 8, "big").decode("utf-8", "surrogateescape")
    if head in "nN" and token[1:2] in "'\"":
        return _literal(token[1:])
    return token  # a number or a keyword, as written


def _line_at(text: str, position: int, start: int, line: int) -> int:
    return line + text.count("\n", start, position)


class _Statements:
    """A text stream cut into statements, each with the line it starts on; reads ahead in chunks that
    grow with the statement, so a long one is scanned a bounded number of times."""

    def __init__(self, stream: TextIO, file: str) -> None:
        self.stream = stream
        self.file = file
        self.buffer = ""
        self.position = 0
        self.line = 1
        self.ended = False
        self.delimiter = ";"

    def _more(self) -> bool:
        if self.ended:
            return False
        chunk = self.stream.read(max(_CHUNK, len(self.buffer) - self.position))
        if not chunk:
            self.ended = True
            return False
        self.buffer = self.buffer[self.position :] + chunk
        self.position = 0
        return True

    def __iter__(self) -> Iterator[tuple[str, int]]:
        while True:
            skipped = _skip_re(self.delimiter).match(self.buffer, self.position)
            if skipped is not None and skipped.end() > self.position:
                self.line += self.buffer.count("\n", self.position, skipped.end())
                self.position = skipped.end()
            space = _SPACE_RE.match(self.buffer, self.position)
            assert space is not None  # it matches the empty string
            if space.end() == len(self.buffer) and self._more():
                continue
            if self.buffer[space.end() : space.end() + 2] == "/*" and self._more():
                continue  # a comment not closed within what is read yet
            self.line += self.buffer.count("\n", self.position, space.end())
            self.position = space.end()
            if self.position >= len(self.buffer):
                return
            head = self.buffer[self.position : self.position + 10]
            if head[:9].upper() == "DELIMITER" and head[9:10] in (" ", "\t"):
                if "\n" not in self.buffer[self.position :] and self._more():
                    continue
                command = _DELIMITER_RE.match(self.buffer, self.position)
                if command is None:
                    raise LoadError("DELIMITER without a delimiter", self.file, self.line)
                self.delimiter = command[1]
                self.position = command.end()
                continue
            body = _statement_re(self.delimiter).match(self.buffer, self.position)
            assert body is not None
            end = body.end()
            if self.buffer.startswith(self.delimiter, end):
                statement = self.buffer[self.position : end]
                line = self.line
                self.line += statement.count("\n")
                self.position = end + len(self.delimiter)
                yield statement, line
            elif self._more():
                continue  # the statement, or a string or comment in it, goes on in the next chunk
            elif end == len(self.buffer):  # the last statement, without its delimiter
                statement = self.buffer[self.position :]
                self.position = len(self.buffer)
                yield statement, self.line
            else:
                what = {"'": "a string", '"': "a string", "`": "a quoted name", "/": "a comment"}
                found = what.get(self.buffer[end], repr(self.buffer[end]))
                line = _line_at(self.buffer, end, self.position, self.line)
                raise LoadError(f"{found} that is never closed", self.file, line)


def _columns_of_create(statement: str, start: int, file: str, line: int) -> tuple[str, ...]:
    """The column names of a CREATE TABLE body that opens at ``start`` (after its ``(``)."""
    columns: list[str] = []
    depth = 0
    first = True
    for match in _PART_RE.finditer(statement, start):
        part = match[0]
        if part == "(":
            depth += 1
        elif part == ")":
            if depth == 0:
                return tuple(columns)
            depth -= 1
        elif part == ",":
            first = depth == 0 or first
        elif first and depth == 0 and not part.isspace() and not part.startswith(("/*", "--", "#")):
            first = False
            word = part.strip().split(None, 1)[0] if not part.startswith("`") else part
            if part.startswith("`"):
                columns.append(_name(word))
            elif word.upper() not in _NOT_COLUMNS:
                columns.append(word)
    raise LoadError("CREATE TABLE whose column list is never closed", file, line)


def _column_list(text: str, file: str, line: int) -> tuple[str, ...]:
    names = [part.strip() for part in text.split(",")]
    if not all(names):
        raise LoadError("INSERT with an empty name in its column list", file, line)
    return tuple(_name(name) for name in names)


def _rows(values: str, start: int, width: int, file: str, line: int) -> Iterator[tuple[Row, int]]:
    """The rows of an INSERT's checked VALUES list, each with its line."""
    if "\n" not in values:
        # mysqldump's shape: the whole INSERT on one line; no line counting per row.
        row: list[Value] = []
        for token in _TOKEN_RE.findall(values, start):
            if token == ")":
                if len(row) != width:
                    raise LoadError(
                        f"a row of {len(row)} values where the table has {width} columns", file, line
                    )
                yield tuple(row), line
                row = []
            elif token[0] == "'" and "\\" not in token and "''" not in token[1:-1]:
                row.append(token[1:-1])
            else:
                row.append(_literal(token))
        return
    row = []
    previous, number = start, line
    row_line = line
    for match in _TOKEN_RE.finditer(values, start):
        token = match[0]
        if not row:
            number += values.count("\n", previous, match.start())
            previous, row_line = match.start(), number
        if token == ")":
            if len(row) != width:
                raise LoadError(
                    f"a row of {len(row)} values where the table has {width} columns", file, row_line
                )
            yield tuple(row), row_line
            row = []
        else:
            row.append(_literal(token))


def iter_dump(
    stream: TextIO, file: str, declared: dict[str, tuple[str, ...]] | None = None
) -> Iterator[tuple[str, tuple[str, ...], Row, int]]:
    """Each row of the four tables in a dump, as ``(table, columns, row, line)``; ``columns`` is the
    INSERT's column list, else its table's CREATE TABLE columns (one tuple for all such rows); an
    INSERT with neither is an error. ``declared`` receives each CREATE TABLE's columns. LoadError
    names the line of what is malformed."""
    declared = {} if declared is None else declared
    for statement, line in _Statements(stream, file):
        keyword = statement[:7].upper()
        if keyword.startswith("CREATE"):
            match = _CREATE_RE.match(statement)
            if match is not None and _name(match[1]).lower() in TABLES:
                declared[_name(match[1]).lower()] = _columns_of_create(statement, match.end(), file, line)
            continue
        if not (keyword.startswith("INSERT") or keyword.startswith("REPLACE")):
            continue
        match = _INSERT_RE.match(statement)
        if match is None:
            # Other tables' INSERTs are not parsed: only one naming ours in a form not read is an error.
            if _target(statement) in TABLES:
                raise LoadError(
                    "an INSERT this reader cannot parse (expected INSERT INTO t VALUES ...)", file, line
                )
            continue
        table = _name(match[1]).lower()
        if table not in TABLES:
            continue
        if match[2] is not None:
            columns = _column_list(match[2], file, line + statement.count("\n", 0, match.start(2)))
        elif table in declared:
            columns = declared[table]
        else:
            raise LoadError(
                f"INSERT into {table} without a column list, and no CREATE TABLE before it to name them",
                file,
                line,
            )
        checked = _ROWS_RE.match(statement, match.end())
        end = checked.end() if checked is not None else match.end()
        if end != len(statement):
            where = _line_at(statement, end, 0, line)
            found = statement[end : end + _SHOWN].split("\n", 1)[0]
            raise LoadError(f"malformed VALUES of an INSERT into {table}, near {found!r}", file, where)
        for row, row_line in _rows(statement, match.end(), len(columns), file, line):
            yield table, columns, row, row_line


def _target(statement: str) -> str:
    """The table an INSERT this reader does not parse (``INSERT INTO t SET ...``) names."""
    for word in _HEAD_RE.findall(statement, 0, 400):
        if word.upper() not in _MODIFIERS:
            return _name(word).lower()
    return ""


def load_dump(text: str, file: str) -> Document:
    """Parse a dump into a database Document (``{"tables": {name: Table}}``), one Table per table that
    has a CREATE TABLE or rows; rows of an INSERT with another column order are put in the table's."""
    tables: dict[str, Table] = {}
    orders: dict[tuple[str, tuple[str, ...]], tuple[int, ...] | None] = {}
    declared: dict[str, tuple[str, ...]] = {}
    stream = io.StringIO(text.removeprefix("\ufeff"), newline="\n")
    for table_name, columns, row, line in iter_dump(stream, file, declared):
        table = tables.get(table_name)
        if table is None:
            table = tables[table_name] = Table(table_name, declared.get(table_name, columns))
        if columns is not table.columns:
            key = (table_name, columns)
            if key not in orders:
                orders[key] = _order(table.columns, columns, file, line)
            order = orders[key]
            if order is not None:
                row = tuple(row[index] if index >= 0 else None for index in order)
        table.append(row, line)
    for name, columns in declared.items():
        if name not in tables:  # a table dumped without rows
            tables[name] = Table(name, columns)
    return database_document(file, "db_dump", tables)


def _order(target: tuple[str, ...], columns: tuple[str, ...], file: str, line: int) -> tuple[int, ...] | None:
    """Where each of ``target``'s columns is in ``columns`` (-1: absent, NULL), None when the same."""
    if target == columns:
        return None
    unknown = [column for column in columns if column not in target]
    if unknown:
        raise LoadError(
            f"an INSERT names column {unknown[0][:_SHOWN]!r}, which the table's first INSERT did not",
            file,
            line,
        )
    return tuple(columns.index(column) if column in columns else -1 for column in target)
