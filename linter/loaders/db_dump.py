"""Loader for ``mysqldump``/``mariadb-dump`` files: the rows of the four tables, read as data.

Nothing here executes SQL: the text is split into statements (strings, quoted names and comments
respected, ``DELIMITER`` followed), and only two kinds are read, ``CREATE TABLE`` of a table in
``TABLES``, perhaps with the installation's table prefix (``mg_store``), for its column order, and
``INSERT``/``REPLACE`` into one (extended or single-row, with or
without a column list). Every other statement, ``/*!…*/`` and ``/*M!…*/`` comments included, is
skipped without being parsed, so a full database dump costs little more than its four tables.
Values: MySQL string escapes, ``0x…`` and ``X'…'`` hex literals, each perhaps after ``_binary``/an introducer
(bytes that are not UTF-8 kept as surrogate escapes), numbers as written, ``NULL`` as None.

``iter_dump`` streams rows from a text stream, in memory bounded by a chunk and the longest statement
that is not such an INSERT (an INSERT's rows are read where they stand); ``load_dump`` builds the
Document from a file's text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any, TextIO

from linter.errors import LoadError
from linter.loaders.db_rows import Table, Value, base_table, database_document, prefixed
from linter.loaders.document import Document

__all__ = ["iter_dump", "load_dump"]

Row = tuple[Value, ...]
_CHUNK = 1 << 20
_HEAD_ROOM = 1 << 16  # an INSERT's head (with its column list) fits in this
_STR = r"'(?:[^'\\]++|\\.|'')*+'"
_DSTR = r'"(?:[^"\\]++|\\.|"")*+"'
_NAME = r"`(?:[^`]++|``)*+`"
_COMMENT = r"/\*.*?\*/|(?:--(?=[ \t\r\n]|$)|#)[^\n]*+"
# A value: a string (perhaps after an introducer such as _binary or N), a hex or bit literal, NULL, a
# number, a keyword MySQL takes as a value (TRUE, DEFAULT, CURRENT_TIMESTAMP).
_VALUE = (
    rf"(?:(?:_[A-Za-z0-9]++\s*+)?(?:[XxBb]'[0-9A-Fa-f]*+'|0[xX][0-9A-Fa-f]++)"
    rf"|(?:(?:_[A-Za-z0-9]++\s*+|[Nn](?='))?(?:{_STR}|{_DSTR}))"
    rf"|[-+]?(?:[0-9]++(?:\.[0-9]*+)?|\.[0-9]++)(?:[eE][-+]?[0-9]++)?|[A-Za-z_]++)"
)
_ROW = rf"\(\s*+{_VALUE}(?:\s*+,\s*+{_VALUE})*+\s*+\)"
# The tokens of a checked VALUES list: a value, or the ")" that ends a row.
_TOKEN_RE = re.compile(
    rf"(?:_[A-Za-z0-9]++\s*+)(?:{_STR}|{_DSTR}|[XxBb]'[^']*+'|0[xX][0-9A-Fa-f]++)|{_STR}|{_DSTR}"
    rf"|[^\s,()'\"]++(?:'[^']*+')?|\)",
    re.S,
)
_INTRODUCER_RE = re.compile(r"_[A-Za-z0-9]+\s*")
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
    if head == "_":  # _binary '...', _utf8mb4'...', _binary 0x41 (an introducer before any literal)
        introducer = _INTRODUCER_RE.match(token)
        rest = token[introducer.end() :] if introducer is not None else ""
        return _literal(rest) if rest else token
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


@cache
def _row_re(width: int) -> re.Pattern[str]:
    """One row of ``width`` values, each captured as written, then an optional comma (the last group)."""
    values = r"\s*+,\s*+".join([f"({_VALUE})"] * width)
    return re.compile(rf"\s*+\(\s*+{values}\s*+\)\s*+(,?)", re.S)


@cache
def _plain_row_re(shape: str) -> re.Pattern[str]:
    """A row as mysqldump writes most: no space inside, each value a string or NULL (``'`` in ``shape``)
    or a number (``0``), as the INSERT's other rows have them. One group per value (None for NULL), so
    ``groups()`` is the row with no Python per value but for escapes; a comma after it says another row
    follows."""
    value = {"'": r"(?:'([^'\\]*+(?:\\.[^'\\]*+)*+)'|NULL)", "0": r"([-+]?[0-9][0-9.eE+-]*+)"}
    return re.compile(rf"\s*+\({','.join(value[kind] for kind in shape)}\),?")


def _shape(tokens: tuple[str, ...]) -> str | None:
    """The plain shape of a row's values as written (strings and numbers), None when one is neither."""
    kinds = ["'" if token[:1] == "'" else "0" if token[:1] in "0123456789-+" else "" for token in tokens]
    return None if "" in kinds else "".join(kinds)


_ANY_ROW_RE = re.compile(rf"\s*+{_ROW}", re.S)


class _Dump:
    """A dump read from a text stream, chunk by chunk: statements this reader does not read are skipped,
    CREATE TABLE of the four tables gives their columns, and INSERT rows are parsed where they stand,
    so memory holds one chunk and the longest statement that is not an INSERT, never a whole INSERT."""

    def __init__(self, stream: TextIO, file: str, declared: dict[str, tuple[str, ...]]) -> None:
        self.stream = stream
        self.file = file
        self.declared = declared
        self.buffer = ""
        self.position = 0
        self.line = 1
        self.ended = False
        self.delimiter = ";"

    def _more(self) -> bool:
        """Read on: the unread part of the buffer plus a chunk at least as long (so a long statement is
        rescanned a bounded number of times). False at the end of the stream."""
        if self.ended:
            return False
        chunk = self.stream.read(max(_CHUNK, len(self.buffer) - self.position))
        if not chunk:
            self.ended = True
            return False
        self.buffer = self.buffer[self.position :] + chunk
        self.position = 0
        return True

    def _short(self) -> bool:
        """Whether what is left to read may be too short to hold an INSERT's head."""
        return len(self.buffer) - self.position < _HEAD_ROOM

    def rows(self) -> Iterator[tuple[str, tuple[str, ...], Row, int]]:
        """Each row of the four tables, as ``(table, columns, row, line)``."""
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
            head = self.buffer[self.position : self.position + 10].upper()
            if head.startswith("DELIMITER") and head[9:10] in (" ", "\t"):
                if "\n" not in self.buffer[self.position :] and self._more():
                    continue
                command = _DELIMITER_RE.match(self.buffer, self.position)
                if command is None:
                    raise LoadError("DELIMITER without a delimiter", self.file, self.line)
                self.delimiter = command[1]
                self.position = command.end()
                continue
            if head.startswith(("INSERT", "REPLACE")):
                insert = _INSERT_RE.match(self.buffer, self.position)
                cut = insert.end() == len(self.buffer) if insert is not None else self._short()
                if cut and self._more():
                    continue  # the head may go on in the next chunk (VALUE of VALUES, a name)
                if insert is not None and self._reads(_name(insert[1]).lower(), insert[2] is not None):
                    yield from self._insert(insert)
                    continue
            statement, line = self._statement()
            if statement is None:
                continue
            if head.startswith("CREATE"):
                match = _CREATE_RE.match(statement)
                if match is not None and base_table(_name(match[1]).lower()) is not None:
                    columns = _columns_of_create(statement, match.end(), self.file, line)
                    self.declared[_name(match[1]).lower()] = columns
            elif head.startswith(("INSERT", "REPLACE")) and self._reads(_target(statement), False):
                message = "an INSERT this reader cannot parse (expected INSERT INTO t VALUES ...)"
                raise LoadError(message, self.file, line)

    def _reads(self, table: str, listed: bool) -> bool:
        """Whether an INSERT into ``table`` is one of the four tables' (perhaps with a prefix). A prefixed
        name ending in ``store`` may be another module's (``cms_page_store``): read only when its columns
        are known (listed, or declared by CREATE TABLE), never an error of a dump of the whole database."""
        base = base_table(table)
        if base is None:
            return False
        return table == base or base != "store" or listed or table in self.declared

    def _statement(self) -> tuple[str | None, int]:
        """The statement at the position, up to its delimiter; (None, 0) when more must be read first."""
        body = _statement_re(self.delimiter).match(self.buffer, self.position)
        assert body is not None
        end = body.end()
        line = self.line
        if self.buffer.startswith(self.delimiter, end):
            statement = self.buffer[self.position : end]
            self.line += statement.count("\n")
            self.position = end + len(self.delimiter)
            return statement, line
        if self._more():
            return None, 0  # the statement, or a string or comment in it, goes on in the next chunk
        if end == len(self.buffer):  # the last statement, without its delimiter
            statement = self.buffer[self.position :]
            self.line += statement.count("\n")
            self.position = len(self.buffer)
            return statement, line
        what = {"'": "a string", '"': "a string", "`": "a quoted name", "/": "a comment"}
        found = what.get(self.buffer[end], repr(self.buffer[end]))
        line = _line_at(self.buffer, end, self.position, line)
        raise LoadError(f"{found} that is never closed", self.file, line)

    def _insert(self, insert: re.Match[str]) -> Iterator[tuple[str, tuple[str, ...], Row, int]]:
        """The rows of an INSERT into one of the four tables, from the end of its head."""
        table = _name(insert[1]).lower()
        start_line = self.line
        if insert[2] is not None:
            line = self.line + self.buffer.count("\n", self.position, insert.start(2))
            columns = _column_list(insert[2], self.file, line)
        elif table in self.declared:
            columns = self.declared[table]
        else:
            message = f"INSERT into {table} without a column list, and no CREATE TABLE before it to name them"
            raise LoadError(message, self.file, start_line)
        self.line += self.buffer.count("\n", self.position, insert.end())
        self.position = insert.end()
        width = len(columns)
        general = _row_re(width).match
        plain: Callable[[str, int], Any] | None = None  # scanner of plain rows, once a row shows their shape
        file = self.file
        more = True
        buffer, newline = "", -1
        while more:
            if buffer is not self.buffer:  # read on: positions moved
                buffer, newline = self.buffer, -1
            position = self.position
            size = len(buffer)
            line = self.line
            if newline < position:  # the next newline: rows before it need no counting
                newline = buffer.find("\n", position)
                if newline < 0:
                    newline = size
            # The scanner's match() anchors each match where the last ended (it never searches ahead): a
            # run of plain rows is read in C, and a row that is not plain ends the run at once.
            for found in iter(plain(buffer, position).match, None) if plain is not None else ():
                end = found.end()
                if end == size:
                    break
                row = found.groups()
                if buffer.find("\\", position, end) >= 0:
                    row = tuple([_unescape(value) if value and "\\" in value else value for value in row])
                if end < newline:
                    yield table, columns, row, line
                else:
                    yield table, columns, row, line + buffer.count("\n", position, found.start(1))
                    line += buffer.count("\n", position, end)
                    newline = buffer.find("\n", end)
                    if newline < 0:
                        newline = size
                position = end
                more = buffer[end - 1] == ","
                if not more:
                    break
            self.line, self.position = line, position
            if not more:
                break
            slow = general(buffer, position)  # a row with escapes, NULL, hex, spaces...: slower
            if (slow is None or slow.end() == size) and self._more():
                continue  # the row may go on in the next chunk
            if slow is None:
                raise self._bad_row(table, width)
            values = slow.groups()
            more = bool(values[width])
            if plain is None:
                shape = _shape(values[:width])
                if shape is not None:
                    plain = _plain_row_re(shape).scanner  # type: ignore[attr-defined]
            newlines = buffer.count("\n", position, slow.end())
            row_line = line + (buffer.count("\n", position, slow.start(1)) if newlines else 0)
            self.line = line + newlines
            self.position = slow.end()
            yield table, columns, tuple([_literal(token) for token in values[:width]]), row_line
        space = _SPACE_RE.match(self.buffer, self.position)
        assert space is not None
        self.line += self.buffer.count("\n", self.position, space.end())
        self.position = space.end()
        if self.buffer.startswith(self.delimiter, self.position):
            self.position += len(self.delimiter)
        elif self.position < len(self.buffer) or self._more():
            # Where, not what: the text there may be a value, and values may be keys.
            message = f"an INSERT into {table} goes on after its last row"
            raise LoadError(message, file, self.line, self._column(self.position))

    def _bad_row(self, table: str, width: int) -> LoadError:
        """The error for the row at the position, which is not ``width`` values in parentheses."""
        rest = self.buffer[self.position :]
        first = self.position + len(rest) - len(rest.lstrip())  # where the row starts
        line = self.line + self.buffer.count("\n", self.position, first)
        any_row = _ANY_ROW_RE.match(self.buffer, self.position)
        if any_row is not None:
            count = sum(1 for token in _TOKEN_RE.findall(any_row[0]) if token != ")")
            message = f"a row of {count} values where the INSERT names {width} columns"
            return LoadError(message, self.file, line)
        message = f"malformed VALUES of an INSERT into {table} (expected a row: values in parentheses)"
        return LoadError(message, self.file, line, self._column(first))

    def _column(self, position: int) -> int:
        """The 1-based column of ``position`` in its line."""
        return position - self.buffer.rfind("\n", 0, position)


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
    names = tuple(_name(part.strip()) for part in text.split(","))
    if not all(names):
        raise LoadError("INSERT with an empty name in its column list", file, line)
    return names


def iter_dump(
    stream: TextIO, file: str, declared: dict[str, tuple[str, ...]] | None = None
) -> Iterator[tuple[str, tuple[str, ...], Row, int]]:
    """Each row of the four tables in a dump, as ``(table, columns, row, line)``; ``columns`` is the
    INSERT's column list, else its table's CREATE TABLE columns (one tuple for all such rows); an
    INSERT with neither is an error. ``declared`` receives each CREATE TABLE's columns. LoadError
    names the line of what is malformed."""
    return _Dump(stream, file, {} if declared is None else declared).rows()


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
    return database_document(file, "db_dump", prefixed(tables))


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
