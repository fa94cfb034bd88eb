"""Values env.php computes at run time, resolved from the instance's capture of the process environment.

``getenv('X')``, ``$_ENV['X']`` and ``$_SERVER['X']`` read the process environment (domain.md §e,
"Dynamic values"). Where the instance's capture (environment.json, .env) names every variable an
expression needs, the value is what PHP computes: ``?:`` takes the left side when PHP's truthiness
holds (``''`` and ``'0'`` are falsy), ``??`` when it is not null (an empty variable wins), and casts
follow PHP. Anything else, or a variable the capture does not name, stays unknown: a capture that does
not mention ``X`` says nothing about whether the real process has it.

``$_ENV`` and ``$_SERVER`` are read like ``getenv()``: the capture is taken to be what the PHP process
sees (php.ini's ``variables_order`` or PHP-FPM's ``clear_env`` can hide variables from them; a capture
taken from the running process already reflects that).

Nothing is executed: this reads the expression's text, a tiny grammar of the forms people write.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from linter.formats import Role
from linter.loaders.document import Document, DynamicValue, KeyPath
from linter.model.sources import Origin, Source
from linter.record import Record

CAPTURE_FORMATS = frozenset({"environment", "dotenv"})  # environment.json, .env: what the process had
MAX_EXPRESSION = 2000  # longer expressions (megabytes of concatenation) are never resolved
MAX_NESTING = 16


class Environment:
    """The variables a capture names, each with the file that named it (the last capture wins)."""

    __slots__ = ("files", "values")

    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.files: dict[str, str] = {}

    def add(self, document: Document) -> None:
        """Take the variables of one capture; a value that is no string of the process is not taken."""
        for name, raw in document.data.items():
            text = _env_string(raw)
            if text is not None:
                self.values[str(name)] = text
                self.files[str(name)] = document.file


def _env_string(raw: Any) -> str | None:
    """What getenv() returns for a captured value: process variables are strings."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    return None  # true, null, a float: what the process held is not certain


class Resolution(Record):
    """What an expression computes, and which variable decided it."""

    __slots__ = ("value", "origin")

    def __init__(self, value: Any, origin: Origin) -> None:
        self.value = value  # str, int, bool or None, as PHP computes it
        self.origin = origin


class _Unknown(Exception):
    """The expression needs something the capture does not tell."""


_TOKEN = r"""
    \s*(?:
      (?P<cast>\(\s*(?:int|integer|bool|boolean|string)\s*\))
    | (?P<getenv>\\?getenv\s*\()
    | (?P<super>(?-i:\$_(?:ENV|SERVER))\s*\[)  # variable names are case-sensitive
    | (?P<sq>'(?:[^'\\]|\\.)*')
    | (?P<dq>"(?:[^"\\$]|\\.)*")
    | (?P<int>0|[1-9][0-9]{0,17})(?![0-9.eExXbB_])
    | (?P<word>true|false|null)(?![A-Za-z0-9_\\(])
    | (?P<op>\?:|\?\?|[()\]])
    )"""


@cache
def _token_pattern() -> re.Pattern[str]:
    # Compiled on first use: most runs meet no getenv(), and every start-up pays for a compile.
    return re.compile(_TOKEN, re.VERBOSE | re.IGNORECASE | re.DOTALL)


_DQ_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "v": "\v",
    "f": "\f",
    "e": "\x1b",
    "\\": "\\",
    "$": "$",
    '"': '"',
}


def _single(text: str) -> str:
    return re.sub(r"\\([\\'])", r"\1", text[1:-1])


def _double(text: str) -> str:
    def escape(match: re.Match[str]) -> str:
        char = match.group(1)
        if char in _DQ_ESCAPES:
            return _DQ_ESCAPES[char]
        if char in "01234567xu":  # octal, hex and unicode escapes: not worth guessing
            raise _Unknown
        return match.group(0)  # PHP keeps an unknown escape as written

    return re.sub(r"\\(.)", escape, text[1:-1], flags=re.DOTALL)


def _tokens(expression: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    at, end = 0, len(expression.rstrip())
    while at < end:
        match = _token_pattern().match(expression, at)
        if match is None or match.end() == at:
            raise _Unknown
        kind = match.lastgroup
        assert kind is not None
        found.append((kind, match.group(kind)))
        at = match.end()
    return found


# A parsed expression: ("lit", value) | ("env", name) | ("cast", type, node) | ("elvis"|"coalesce", a, b)
Node = tuple[Any, ...]


class _Parser:
    __slots__ = ("at", "tokens")

    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.at = 0

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.at] if self.at < len(self.tokens) else ("end", "")

    def take(self, kind: str, text: str | None = None) -> str:
        got_kind, got = self.peek()
        if got_kind != kind or (text is not None and got != text):
            raise _Unknown
        self.at += 1
        return got

    def ternary(self, depth: int) -> Node:
        """``a ?: b ?: c``: PHP allows chained short ternaries, left to right."""
        node = self.coalesce(depth)
        while self.peek() == ("op", "?:"):
            self.at += 1
            depth += 1  # each link nests the tree one deeper: evaluating it recurses as deep
            node = ("elvis", node, self.coalesce(depth))
        return node

    def coalesce(self, depth: int) -> Node:
        """``a ?? b ?? c``: right-associative, binds tighter than ``?:``."""
        node = self.unary(depth)
        if self.peek() == ("op", "??"):
            self.at += 1
            return ("coalesce", node, self.coalesce(depth + 1))
        return node

    def unary(self, depth: int) -> Node:
        if depth > MAX_NESTING:
            raise _Unknown
        kind, text = self.peek()
        if kind == "cast":
            self.at += 1
            name = text.strip("() \t\r\n").lower()
            return ("cast", {"integer": "int", "boolean": "bool"}.get(name, name), self.unary(depth + 1))
        if kind == "getenv":
            self.at += 1
            name = self.name()
            self.take("op", ")")
            return ("env", name)
        if kind == "super":
            self.at += 1
            name = self.name()
            self.take("op", "]")
            return ("env", name)
        if kind == "op" and text == "(":
            self.at += 1
            node = self.ternary(depth + 1)
            self.take("op", ")")
            return node
        self.at += 1
        if kind == "sq":
            return ("lit", _single(text))
        if kind == "dq":
            return ("lit", _double(text))
        if kind == "int":
            return ("lit", int(text))
        if kind == "word":
            return ("lit", {"true": True, "false": False, "null": None}[text.lower()])
        raise _Unknown

    def name(self) -> str:
        kind, text = self.peek()
        self.at += 1
        if kind == "sq":
            return _single(text)
        if kind == "dq":
            return _double(text)
        raise _Unknown  # getenv($name), getenv(), getenv('X', true): not read


def parse(expression: str) -> Node | None:
    """The expression as a tree of the forms this module reads, or None."""
    if len(expression) > MAX_EXPRESSION:
        return None
    try:
        parser = _Parser(_tokens(expression))
        node = parser.ternary(0)
        if parser.peek()[0] != "end":
            return None
        return node
    except _Unknown:
        return None


def truthy(value: Any) -> bool:
    """PHP's ``(bool)``: '', '0', 0, false and null are false; 'false', ' ', '0.0' are true."""
    if isinstance(value, str):
        return value not in ("", "0")
    return bool(value)


_NUMERIC_PREFIX = r"[ \t\n\r\v\f]*([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)"
_INT_MAX = 2**63 - 1


def _to_int(value: Any) -> int:
    """PHP's ``(int)``: a string's leading number (``'12abc'`` is 12, ``'abc'`` is 0)."""
    if not isinstance(value, str):
        return int(bool(value)) if value is None or isinstance(value, bool) else int(value)
    match = re.match(_NUMERIC_PREFIX, value)  # re caches the compiled pattern
    if match is None:
        return 0
    number = match.group(1)
    if len(number) > 19:  # past 64 bits PHP's result is platform-defined (and Python limits int())
        raise _Unknown
    if re.fullmatch(r"[+-]?[0-9]+", number):
        result = int(number)
    else:
        as_float = float(number)
        if as_float != as_float or abs(as_float) > _INT_MAX:  # PHP 8 on 64 bits: undefined past this
            raise _Unknown
        result = int(as_float)
    if abs(result) > _INT_MAX:
        raise _Unknown
    return result


def _cast(kind: str, value: Any) -> Any:
    if kind == "bool":
        return truthy(value)
    if kind == "int":
        return _to_int(value)
    if value is None or value is False:  # (string)
        return ""
    return "1" if value is True else str(value)


class _Evaluation:
    __slots__ = ("environment", "fallback", "last")

    def __init__(self, environment: Environment) -> None:
        self.environment = environment
        self.last: str | None = None
        self.fallback = False

    def run(self, node: Node) -> Any:
        kind = node[0]
        if kind == "lit":
            self.fallback = self.last is not None
            return node[1]
        if kind == "env":
            name = node[1]
            if name not in self.environment.values:
                raise _Unknown
            self.last, self.fallback = name, False
            return self.environment.values[name]
        if kind == "cast":
            return _cast(node[1], self.run(node[2]))
        left = self.run(node[1])
        if (kind == "elvis" and truthy(left)) or (kind == "coalesce" and left is not None):
            return left  # PHP evaluates the right side only when it needs it
        return self.run(node[2])


def resolve_expression(expression: str, environment: Environment) -> Resolution | None:
    """What ``expression`` computes with ``environment``, or None when that cannot be told."""
    node = parse(expression)
    if node is None:
        return None
    evaluation = _Evaluation(environment)
    try:
        value = evaluation.run(node)
    except _Unknown:
        return None
    if evaluation.last is None:  # no variable read: a constant expression is not ours to fold
        return None
    origin = Origin(evaluation.last, environment.files[evaluation.last], evaluation.fallback)
    return Resolution(value, origin)


def capture_of(sources: list[Source]) -> Environment | None:
    """The process environment the instance's captures record, or None when it has none."""
    captures = [s for s in sources if s.role == Role.VARIABLES and s.document.format in CAPTURE_FORMATS]
    if not captures:
        return None
    environment = Environment()
    for source in captures:  # same rank: the later file wins, as it does for CONFIG__ values
        environment.add(source.document)
    return environment


def resolved_sources(sources: list[Source]) -> list[Source]:
    """The sources with every dynamic value the capture tells replaced by what PHP computes.

    A source with such a value is copied (its document's data copied along the changed paths only),
    never changed in place: a shared config.php may serve instances with different environments.
    """
    environment = capture_of(sources)
    if environment is None:
        return sources
    result = []
    for source in sources:
        if source.role == Role.VARIABLES or source.document.format != "php":
            result.append(source)  # only the PHP reader produces dynamic values
            continue
        resolved: dict[KeyPath, Resolution] = {}
        for path, value in _dynamic_leaves(source.document.data):
            resolution = resolve_expression(value.expression, environment)
            if resolution is not None:
                resolved[path] = resolution
        result.append(_with_values(source, resolved) if resolved else source)
    return result


def _dynamic_leaves(data: dict[str, Any]) -> list[tuple[KeyPath, DynamicValue]]:
    found: list[tuple[KeyPath, DynamicValue]] = []
    stack: list[tuple[dict[str, Any], KeyPath]] = [(data, ())]
    while stack:  # iterative: the reader allows deep nesting, Python's stack does not
        node, at = stack.pop()
        for key, value in node.items():
            if isinstance(value, dict):
                stack.append((value, (*at, key)))
            elif isinstance(value, DynamicValue):
                found.append(((*at, key), value))
    return found


def _with_values(source: Source, resolved: dict[KeyPath, Resolution]) -> Source:
    original = source.document
    data = dict(original.data)
    copied: set[KeyPath] = {()}
    for path, resolution in resolved.items():
        node = data
        for depth, key in enumerate(path[:-1]):
            prefix = path[: depth + 1]
            if prefix not in copied:
                node[key] = dict(node[key])
                copied.add(prefix)
            node = node[key]
        node[path[-1]] = resolution.value
    document = Document(
        original.file,
        original.format,
        data,
        original.duplicates,
        original.positions,
        original.position_source,
        original.locate,
    )
    copy = Source(document, source.role, source.shared, source.env_type_hint, source.checksum)
    copy.origins = {path: resolution.origin for path, resolution in resolved.items()}
    return copy
