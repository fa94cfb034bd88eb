"""Tokens, literal decoding and source positions for the subset of PHP that commerce-lint reads."""

from __future__ import annotations

import math
import re
from typing import Any

from linter.errors import LoadError
from linter.loaders.document import DynamicValue
from linter.loaders.lines import LineIndex, position_at

# Identifier characters: A-Za-z_ and every character >= 0x80 (PHP takes every byte >= 0x80), then also
# 0-9. Written as the ASCII characters they are not: Python 3.11 compiles a class that spans all of
# Unicode one code point at a time, which took most of a one-file check's start-up.
_ID_START = r"[^\x00-\x40\x5b-\x5e\x60\x7b-\x7f]"
_ID_CHAR = r"[^\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]"
_IDENT = f"{_ID_START}{_ID_CHAR}*"
# Whitespace and comments, possessive so that a failing token never backtracks into a long run.
# A line comment ends before '?>', as in PHP; '#[' starts an attribute, not a comment.
_COMMENT = r"(?://|#(?!\[))[^\r\n?]*+(?:\?(?!>)[^\r\n?]*+)*+|/\*[^*]*+\*++(?:[^/*][^*]*+\*++)*+/"
SKIP = rf"[ \t\n\r]*+(?:(?:{_COMMENT})[ \t\n\r]*+)*+"
_D = r"[0-9]+(?:_[0-9]+)*"
_NUMBER = (
    r"0[xX][0-9a-fA-F]+(?:_[0-9a-fA-F]+)*|0[bB][01]+(?:_[01]+)*|0[oO][0-7]+(?:_[0-7]+)*"
    rf"|(?:{_D}(?:\.(?:{_D})?)?|\.{_D})(?:[eE][+-]?{_D})?"
)
_CASTS = "int|integer|bool|boolean|float|double|real|string|binary|array|object|unset"

TOKEN = re.compile(
    SKIP
    + r"(?:"
    + r"(?P<sq>'[^'\\]*+(?:\\.[^'\\]*+)*+')"
    + rf"|(?P<name>\\?{_IDENT}(?:\\{_IDENT})*)"
    + rf"|(?P<cast>\([ \t]*(?i:{_CASTS})[ \t]*\))"
    + rf"|(?P<here><<<[ \t]*(?P<hq>[\"']?)(?P<hl>{_IDENT})(?P=hq)\r?\n)"
    + r"|(?P<badhere><<<)"
    + r"|(?P<badcomment>/\*)"
    + rf"|(?P<num>(?:{_NUMBER})(?!{_ID_CHAR}))"
    + rf"|(?P<badnum>[0-9]{_ID_CHAR}*)"
    + rf"|(?P<var>\${_IDENT})"
    + r"|(?P<op>=>|\?->|\?\?=?|\?>|::|->|===|!==|==|!=|<=>|<=|>=|<>|&&|\|\||\*\*|<<|>>|\+\+|--|\.\.\."
    + r"|[-+*/%.]=|[-+*/%.,;:?!=<>()\[\]{}&|^~@`$\\])"
    + r'|(?P<dq>"[^"\\]*+(?:\\.[^"\\]*+)*+")'
    + r"|(?P<end>\Z)"
    + r"|(?P<bad>.)"
    + r")",
    re.S,
)

# One step of the fast path, in a single match: a closing bracket, or an element made of an optional key and
# '=>', then either a literal scalar followed by ',' or a closing bracket, or the opening of a nested array.
# Anything else (concatenation, calls, heredocs...) fails the match and goes through the general token path.
_KEY = r"(?:'(?P<ks>[^'\\]*+(?:\\.[^'\\]*+)*+)'|(?P<ki>0|[1-9][0-9]{0,17}))"
_SCALAR = (
    r"(?:'(?P<s>[^'\\]*+(?:\\.[^'\\]*+)*+)'"
    r'|"(?P<d>[^"\\$]*+)"'
    rf"|(?P<n>-?(?:{_NUMBER})(?!{_ID_CHAR}))"
    r"|(?P<c>(?i:true|false|null)))"
)
ENTRY = re.compile(
    rf"{SKIP}(?:(?P<cl>[\])])|(?:{_KEY}{SKIP}=>{SKIP})?"
    rf"(?:(?P<v>{_SCALAR}){SKIP}(?P<t>[,\])])|(?P<o>\[|(?i:array){SKIP}\()))",
    re.S,
)
SKIP_RE = re.compile(SKIP, re.S)
# '::' and a member name after a class name; a '(' after it makes a static call, which stays dynamic.
MEMBER = re.compile(rf"{SKIP}::{SKIP}(?P<member>{_IDENT})(?!{SKIP}\()", re.S)
AFTER = re.compile(rf"{SKIP}(?P<closer>[,\])])", re.S)
OPEN_TAG = re.compile(r"<\?php(?=[ \t\n\r]|\Z)", re.I)
INT_MAX = 2**63 - 1
_DIGIT_START = frozenset("-0123456789")
_INT_KEY = re.compile(r"-?[1-9][0-9]*|0")
UNSUPPORTED = "(commerce-lint reads only literal arrays)"
KEYWORDS = frozenset(
    """abstract and as break callable case catch class clone const continue declare default die do echo else
    elseif enddeclare endfor endforeach endif endswitch endwhile enum eval exit extends final finally fn for
    foreach function global goto if implements include include_once instanceof insteadof interface list match
    namespace new or print private protected public readonly require require_once return static switch throw
    trait try unset use var while xor yield""".split()  # noqa: SIM905 - a list literal would be 70 lines
)
ERROR_TOKENS = frozenset(["bad", "badnum", "badhere", "badcomment"])


# How errors name a token whose text may be part of a value (a password with a stray quote splits into
# pieces that parse as names, numbers or strings): by its kind only, never by its text.
_KINDS = {
    "sq": "a string literal",
    "dq": "a string literal",
    "here": "a heredoc",
    "num": "a number",
    "badnum": "a number",
    "name": "a name",
    "var": "a variable",
}


def describe(kind: str, token: str) -> str:
    """A token as error messages show it: operators and casts as written, anything else by its kind."""
    if kind == "end":
        return "end of file"
    if kind in _KINDS:
        return _KINDS[kind]
    if kind == "bad":
        return "a " + _character(token)
    return f"'{' '.join(token.split())}'"


def _character(token: str) -> str:
    # Only control characters are stray characters here (quotes and '#[' have their own messages);
    # a control character is no password material, and its code point is what finds it.
    char = token[:1]
    if char.isprintable():
        return "character"
    return f"control character (U+{ord(char):04X})"


def token_error(kind: str, token: str) -> str:
    """The message for a token that is an error wherever it appears (see ``ERROR_TOKENS``)."""
    if kind == "badcomment":
        return "unterminated comment started here"
    if kind == "badhere":
        return "invalid heredoc: expected a label and a newline after '<<<'"
    if kind == "badnum":
        return "invalid numeric literal"
    if token in ("'", '"'):
        return "unterminated string started here"
    if token == "#":
        return f"unsupported PHP construct '#[' (attribute) {UNSUPPORTED}"
    return f"unexpected {_character(token)}"


class LiteralError(Exception):
    """A malformed literal; the parser reports it as a LoadError at the literal's position."""


def int_key(text: str) -> int | None:
    """The int that PHP uses for string key ``text`` ('8' -> 8, but '08' and '+8' stay strings)."""
    if len(text) > 20 or not _INT_KEY.fullmatch(text):
        return None
    value = int(text)
    return value if -INT_MAX - 1 <= value <= INT_MAX else None


def number(token: str) -> int | float:
    """The value of a PHP number literal, maybe signed; integers past 64 bits become floats, as in PHP."""
    if token.isdigit() and len(token) < 19 and (token[0] != "0" or len(token) == 1):
        return int(token)  # the common case, first
    if token[0] == "-":
        return -number(token[1:])
    text = token.replace("_", "")
    prefix = text[:2].lower()
    if prefix in ("0x", "0b", "0o"):
        value = int(text[2:], {"0x": 16, "0b": 2, "0o": 8}[prefix])
    elif "." in text or "e" in text or "E" in text:
        return float(text)
    elif len(text) > 1 and text[0] == "0":
        if "8" in text or "9" in text:
            raise LiteralError("invalid numeric literal (an octal number with a digit 8 or 9)")
        value = int(text, 8)
    elif len(text) > 19:
        return float(text)
    else:
        value = int(text)
    if value > INT_MAX:
        try:
            return float(value)
        except OverflowError:
            return math.inf
    return value


def to_int(value: float) -> int:
    """PHP 8.2's float-to-int conversion on 64 bits: truncation, modular past the range, 0 for INF/NAN."""
    if not math.isfinite(value):
        return 0
    if -INT_MAX - 1 <= value < 2.0**63:
        return int(value)
    return wrap(int(value))


def wrap(value: int) -> int:
    """An integer wrapped to 64-bit two's complement, as PHP's modular conversions do."""
    value %= 2**64
    return value - 2**64 if value > INT_MAX else value


def concatenate(parts: list[Any]) -> str | None:
    """PHP's '.' over literal values; None where PHP's string form is not worth guessing (floats, arrays)."""
    pieces: list[str] = []
    for part in parts:
        kind = type(part)
        if kind is str:
            pieces.append(part)
        elif kind is int:
            pieces.append(str(part))
        elif kind is bool or part is None:
            pieces.append("1" if part else "")
        else:
            return None
    return "".join(pieces)


_SQ_ESCAPE = re.compile(r"\\(?P<char>[\\'])")


def single_quoted(body: str) -> str:
    """A single-quoted string body: only \\\\ and \\' are escapes."""
    return _SQ_ESCAPE.sub(r"\g<char>", body) if "\\" in body else body


_INTERPOLATION = re.compile(rf"\\.|(?P<open>\$(?:{_ID_START}|\{{)|\{{\$)", re.S)


def interpolates(body: str) -> bool:
    """Whether a double-quoted or heredoc body contains a ``$var`` or ``{$...}`` interpolation."""
    return "$" in body and any(match["open"] for match in _INTERPOLATION.finditer(body))


_DQ_ESCAPE = re.compile(
    rb'\\(?:(?P<simple>[ntrvef\\$"])|(?P<octal>[0-7]{1,3})|x(?P<hex>[0-9A-Fa-f]{1,2})'
    rb"|u\{(?P<code>[0-9A-Fa-f]*)(?P<close>\}?))"
)
_SIMPLE = {
    b"n": b"\n",
    b"t": b"\t",
    b"r": b"\r",
    b"v": b"\v",
    b"e": b"\x1b",
    b"f": b"\f",
    b"\\": b"\\",
    b"$": b"$",
    b'"': b'"',
}


def double_quoted(body: str, heredoc: bool = False) -> str:
    """A double-quoted (or heredoc) body with PHP escapes applied; unknown escapes stay as written."""
    if "\\" not in body:
        return body

    def replace(match: re.Match[bytes]) -> bytes:
        simple, octal, hexa, code = match.group("simple", "octal", "hex", "code")
        if simple is not None:
            return b'\\"' if heredoc and simple == b'"' else _SIMPLE[simple]
        if octal is not None:
            return bytes((int(octal, 8) & 0xFF,))
        if hexa is not None:
            return bytes((int(hexa, 16),))
        if not code or not match["close"] or len(code) > 8 or int(code, 16) > 0x10FFFF:
            raise LiteralError("invalid \\u{...} escape sequence")
        return chr(int(code, 16)).encode("utf-8", "surrogatepass")

    # PHP strings are bytes: \xHH and octal escapes produce bytes, so work on the bytes and keep
    # those that are not UTF-8 as surrogate escapes, as the file's own bytes are (linter.loaders.reading).
    return _DQ_ESCAPE.sub(replace, as_bytes(body)).decode("utf-8", "surrogateescape")


def as_bytes(text: str) -> bytes:
    """The bytes PHP holds for ``text``: its UTF-8, with surrogate escapes turned back into their bytes."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate no file decoding makes (the text came from elsewhere)
        return text.encode("utf-8", "surrogatepass")


def heredoc(text: str, body_start: int, label: str, nowdoc: bool) -> tuple[str | None, int]:
    """Decode a heredoc or nowdoc body; return its value (None if it interpolates) and its end offset."""
    closing = re.compile(rf"^(?P<indent>[ \t]*){re.escape(label)}(?!{_ID_CHAR})", re.M).search(
        text, body_start
    )
    if closing is None:
        raise LiteralError("unterminated heredoc started here")
    raw = text[body_start : closing.start()]
    if raw:  # the newline before the closing marker is not part of the value
        raw = raw[:-2] if raw.endswith("\r\n") else raw[:-1]
    indent = closing["indent"]
    if indent:  # PHP >= 7.3: the closing marker's indentation is removed from every line
        if " " in indent and "\t" in indent:
            raise LiteralError("heredoc closing marker indentation mixes tabs and spaces")
        lines = raw.split("\n")
        for index, line in enumerate(lines):
            if line.startswith(indent):
                lines[index] = line[len(indent) :]
            elif not line.strip(" \t\r"):
                lines[index] = line.lstrip(" \t")
            else:
                raise LiteralError("heredoc body line is indented less than its closing marker")
        raw = "\n".join(lines)
    if nowdoc:
        return raw, closing.end()
    if interpolates(raw):
        return None, closing.end()
    return double_quoted(raw, heredoc=True), closing.end()


def array_key(value: Any) -> tuple[str, int | None]:
    """The key PHP makes of ``value``, with its integer for integer keys ('8' is 8, '08' stays a string)."""
    kind = type(value)
    if kind is str:
        return value, int_key(value) if value[:1] in _DIGIT_START else None
    if kind is int or kind is bool:
        return str(int(value)), int(value)
    if kind is float and math.isfinite(value):  # PHP 8.2 truncates; past 64 bits it wraps
        return str(to_int(value)), to_int(value)
    if value is None:
        return "", None
    if kind is DynamicValue:
        return value.expression, None
    raise LiteralError("illegal array key: arrays and non-finite floats cannot be keys")


class TokenStream:
    """The PHP text being read: its tokens, and line/column positions for keys and errors."""

    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.file = file
        # Keys come in increasing order: their positions cost one pass over the text in all.
        self.position = LineIndex(text).position

    def error(self, message: str, offset: int) -> LoadError:
        """A LoadError pointing at ``offset``."""
        where = position_at(self.text, offset)
        return LoadError(message, self.file, where.line, where.column)

    def token(self, pos: int) -> tuple[str, str, int, int]:
        """The token after ``pos``: its kind, text, start and end."""
        match = TOKEN.match(self.text, pos)
        if match is None or match.lastgroup is None:  # unreachable: the pattern matches at every offset
            raise self.error("cannot read PHP here", pos)
        kind = match.lastgroup
        if kind in ERROR_TOKENS:
            raise self.error(token_error(kind, match[kind]), match.start(kind))
        return kind, match[kind], match.start(kind), match.end()
