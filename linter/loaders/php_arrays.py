"""Iterative parser for PHP array literals and the expressions around them (no recursion, no execution)."""

from __future__ import annotations

import re
from typing import Any

from linter.errors import LoadError
from linter.loaders.document import DynamicValue, Position
from linter.loaders.limits import MAX_DEPTH
from linter.loaders.php_constants import GLOBAL, PDO
from linter.loaders.php_operators import BINARY, UNKNOWN, fold
from linter.loaders.php_tokens import (
    AFTER,
    ENTRY,
    ERROR_TOKENS,
    INT_MAX,
    KEYWORDS,
    MEMBER,
    SKIP_RE,
    TOKEN,
    UNSUPPORTED,
    LiteralError,
    TokenStream,
    array_key,
    describe,
    double_quoted,
    heredoc,
    interpolates,
    number,
    single_quoted,
    token_error,
)

_COMPARE = frozenset(["??", "||", "&&", "==", "!=", "===", "!==", "<", ">", "<=", ">=", "<>", "<=>"])
OCCUPIED = "cannot add element to the array: the next key is past PHP_INT_MAX (PHP stops here)"
_CONSTANTS = {"true": True, "false": False, "null": None}
# Expression kinds: an array element, '( ... )', call arguments, an index '[ ... ]', a statement.
_ELEM, _GROUP, _ARGS, _INDEX, _STMT = range(5)
# Array states: between elements; reading an element's first expression; reading the value after '=>';
# a nested array value has just closed (in ``pending``) and the element is not finished yet.
_NEXT, _FIRST, _VALUE, _AFTER = range(4)
_DYN: Any = object()  # an operand whose value is known only at run time
_Stack = list["_Array | _Expr"]


class Node:
    """Key positions of one array literal, its nested arrays and its repeated keys."""

    __slots__ = ("dups", "kids", "pos")

    def __init__(self) -> None:
        self.pos: dict[str, Position] = {}
        self.kids: dict[str, Node] = {}
        self.dups: list[tuple[str, Position, Position]] = []


class _Array:
    __slots__ = ("at", "closer", "data", "has_key", "key", "next_index", "node", "pending", "start", "state")

    def __init__(self, closer: str, start: int) -> None:
        self.closer = closer
        self.start = start
        self.data: dict[str, Any] = {}
        self.node = Node()
        self.has_key = False
        self.next_index: int | None = None
        self.state = _NEXT
        self.key: str | None = None  # the current element's key, once its '=>' is read
        self.at = Position(0, 0)  # where the current element (its key, else its value) starts
        self.pending: tuple[Any, Node | None, int] = (None, None, 0)


class _Expr:
    __slots__ = ("closer", "dyn", "end", "kind", "node", "parts", "prefix", "start", "tern", "value", "want")

    def __init__(self, kind: int, closer: str, start: int) -> None:
        self.kind = kind
        self.closer = closer
        self.start = start
        self.end = start
        # 0 an operator, 1 an operand, 2 a member name after '->' or '::', 3 '(' after 'array',
        # 4 an operand or the ')' of an argument list, 5 an operand or the ':' of the short ternary '?:'
        self.want = 4 if kind == _ARGS else 1
        self.dyn = False
        self.value: Any = None
        self.node: Node | None = None
        # Once an operator is seen: [unary prefix, operand, operator, unary prefix, operand, ...]
        self.parts: list[Any] | None = None
        self.prefix: list[str] | None = None  # unary operators before the operand being read
        self.tern = 0


class ArrayParser(TokenStream):
    """Reads array literals and expressions from a text; the file-level grammar lives in ``php_loader``."""

    def __init__(self, text: str, file: str) -> None:
        super().__init__(text, file)
        self.depth = 0
        self.stack: _Stack = []

    def expression(self, pos: int) -> tuple[Any, Node | None, str, int]:
        """One statement's expression: its value, key positions, terminator (';' or '?>') and end offset."""
        skipped = SKIP_RE.match(self.text, pos)
        root = _Expr(_STMT, ";", skipped.end() if skipped else pos)
        pos = self.run(root, pos)
        value, node = self.result(root)
        return value, node, root.closer, pos

    def enclosed(self, pos: int, closer: str) -> tuple[Any, Node | None, str, int]:
        """The expression up to ``closer`` (')' of a condition, ']' of an index): value, node, text, end."""
        skipped = SKIP_RE.match(self.text, pos)
        root = _Expr(_GROUP if closer == ")" else _INDEX, closer, skipped.end() if skipped else pos)
        pos = self.run(root, pos)
        value, node = self.result(root)
        return value, node, " ".join(self.text[root.start : root.end].split()), pos

    def run(self, root: _Expr, pos: int) -> int:
        """Parse from ``pos`` until ``root`` ends; return the offset after its terminator."""
        text = self.text
        match_token = TOKEN.match
        stack: _Stack = [root]
        self.stack = stack
        while stack:
            top = stack[-1]
            if type(top) is _Array and (top.state == _NEXT or top.state == _AFTER):
                pos = self.entries(top, pos)
                top = stack[-1]
                if type(top) is not _Array or top.state != _NEXT:
                    continue
            match = match_token(text, pos)
            if match is None or match.lastgroup is None:  # unreachable: the pattern matches at every offset
                raise self.error("cannot read PHP here", pos)
            kind = match.lastgroup
            tok = match.group(kind)
            start = match.start(kind)
            pos = match.end()
            if kind in ERROR_TOKENS:
                raise self.error(token_error(kind, tok), start)
            if type(top) is _Array:
                if top.state == _NEXT:
                    if tok == top.closer and kind == "op":
                        self.close_array(pos)
                        continue
                    top.state = _FIRST
                    top.at = self.position(start)
                expr = _Expr(_ELEM, top.closer, start)
                stack.append(expr)
            else:
                expr = top  # type: ignore[assignment]
            if kind == "end":
                raise self.unterminated(start)
            want = expr.want
            if kind == "here":
                pos = self.heredoc_operand(expr, match, start)
            elif kind == "name" and (want == 1 or want > 3):
                pos = self.name_operand(expr, tok, start, pos)
            elif want == 0:
                self.operator_token(expr, kind, tok, start, pos)
            elif want == 1 or want > 3:
                self.operand_token(expr, kind, tok, start, pos)
            elif want == 2:
                if kind != "name" and kind != "var":
                    raise self.error(f"expected a name but found {describe(kind, tok)}", start)
                expr.want = 0
                expr.end = pos
            elif tok == "(" and kind == "op":
                self.push(_Array(")", start))
            else:
                raise self.error(f"expected '(' after 'array' but found {describe(kind, tok)}", start)
        return pos

    def entries(self, array: _Array, pos: int) -> int:
        """Fast path for the shapes Magento writes: one regex match per element or closing bracket.

        Returns, with the stack updated, as soon as something needs the general parser.
        """
        text = self.text
        match_entry, match_after = ENTRY.match, AFTER.match
        while True:
            if array.state == _AFTER:  # a nested array value has closed: finish its element
                value, node, start = array.pending
                match = match_after(text, pos)
                closer = match["closer"] if match else None
                if match is None or (closer != "," and closer != array.closer):
                    array.state = _FIRST if array.key is None else _VALUE
                    expr = _Expr(_ELEM, array.closer, start)
                    self.stack.append(expr)
                    self.operand(expr, value, node, pos, start)
                    break
                self.add_element(array, value, node)
                pos = match.end()
                array.state = _NEXT
                if closer == ",":
                    continue
                outer = self.close_array(pos)
                if outer is None:
                    break
                array = outer
                continue
            match = match_entry(text, pos)
            if match is None:
                break
            bare, ks, ki, s, d, n, c, closer = match.group("cl", "ks", "ki", "s", "d", "n", "c", "t")
            if bare is not None:
                if bare != array.closer:
                    break
                pos = match.end()
                outer = self.close_array(pos)
                if outer is None:
                    break
                array = outer
                continue
            key: str | None = None
            if ks is not None:
                at = match.start("ks") - 1
                key = self.key(array, single_quoted(ks) if "\\" in ks else ks, at)
            elif ki is not None:
                at = match.start("ki")
                key = self.key(array, int(ki), at)
            else:
                at = match.start("v") if closer is not None else match.start("o")
            array.at = self.position(at)
            array.key = key
            pos = match.end()
            if closer is None:  # a nested array opens
                array = _Array("]" if text[pos - 1] == "[" else ")", match.start("o"))
                self.push(array)
                continue
            value = d
            if s is not None:
                value = single_quoted(s) if "\\" in s else s
            elif n is not None:
                try:
                    value = number(n)
                except LiteralError as error:
                    raise self.error(str(error), match.start("n")) from None
            elif c is not None:
                value = _CONSTANTS[c.lower()]
            self.add_element(array, value, None)
            if closer != ",":
                if closer != array.closer:
                    raise self.error(f"expected ',' or '{array.closer}' but found '{closer}'", pos - 1)
                outer = self.close_array(pos)
                if outer is None:
                    break
                array = outer
        return pos

    def unterminated(self, end: int) -> LoadError:
        for frame in reversed(self.stack):
            if type(frame) is _Array:
                return self.error(
                    f"unterminated array: no '{frame.closer}' closes the array started here", frame.start
                )
            if type(frame) is _Expr and frame.kind not in (_ELEM, _STMT):
                return self.error(f"unterminated expression: no '{frame.closer}' closes it", frame.start)
        return self.error("expected ';' but found end of file", end)

    def push(self, frame: _Array | _Expr) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"nesting deeper than {MAX_DEPTH} levels", frame.start)
        self.stack.append(frame)

    def heredoc_operand(self, expr: _Expr, match: re.Match[str], start: int) -> int:
        if expr.want != 1 and expr.want < 4:
            raise self.error(self.expected(expr) + " but found a heredoc", start)
        try:
            value, end = heredoc(self.text, match.end(), match.group("hl"), match.group("hq") == "'")
        except LiteralError as error:
            raise self.error(str(error), start) from None
        if value is None:
            expr.dyn = True
        self.operand(expr, _DYN if value is None else value, None, end, start)
        return end

    def name_operand(self, expr: _Expr, name: str, start: int, pos: int) -> int:
        """A name as an operand: a class constant PHP's own classes define, ``X::class``, or the rest."""
        member = MEMBER.match(self.text, pos)
        if member is not None:
            cls, constant = name.lstrip("\\"), member["member"]
            value: Any = UNKNOWN
            if constant == "class" and cls.lower() not in ("self", "static", "parent"):
                value = cls
            elif cls.lower() == "pdo":
                value = PDO.get(constant, UNKNOWN)
            if value is not UNKNOWN:
                self.operand(expr, value, None, member.end(), start)
                return member.end()
        self.operand_token(expr, "name", name, start, pos)
        return pos

    def operand_token(self, expr: _Expr, kind: str, tok: str, start: int, pos: int) -> None:
        value: Any = _DYN
        if kind == "sq":
            value = single_quoted(tok[1:-1])
        elif kind == "name":
            low = tok.lower().lstrip("\\")
            if low in _CONSTANTS:
                value = _CONSTANTS[low]
            elif low == "array":
                expr.want = 3
                return
            elif tok.lstrip("\\") in GLOBAL:
                value = GLOBAL[tok.lstrip("\\")]
            elif low in KEYWORDS and tok[0] != "\\":
                raise self.error(f"unsupported PHP construct '{low}' {UNSUPPORTED}", start)
            else:
                expr.dyn = True
        elif kind == "op":
            if tok == "[" or tok == "(":
                self.push(_Array("]", start) if tok == "[" else _Expr(_GROUP, ")", start))
            elif tok == "-" or tok == "+" or tok == "~":
                if expr.prefix is None:
                    expr.prefix = []
                expr.prefix.append(tok)
                expr.want = 1
            elif tok == "!" or tok == "@":
                expr.dyn = True
                expr.want = 1
            elif tok == ":" and expr.want == 5:  # the short ternary '?:'
                expr.tern -= 1
                expr.want = 1
            elif tok == ")" and expr.want == 4:
                self.close_expr(expr, tok, pos)
            elif tok == "&" or tok == "`":
                raise self.error(f"unsupported PHP construct '{tok}' {UNSUPPORTED}", start)
            else:
                raise self.error(f"expected a value but found {describe(kind, tok)}", start)
            return
        elif kind == "num":
            try:
                value = number(tok)
            except LiteralError as error:
                raise self.error(str(error), start) from None
        elif kind == "dq":
            if interpolates(tok[1:-1]):
                expr.dyn = True
            else:
                try:
                    value = double_quoted(tok[1:-1])
                except LiteralError as error:
                    raise self.error(str(error), start) from None
        elif kind == "var":
            expr.dyn = True
        elif kind == "cast":
            expr.dyn = True
            expr.want = 1
            return
        self.operand(expr, value, None, pos, start)

    def operand(self, expr: _Expr, value: Any, node: Node | None, end: int, start: int) -> None:
        parts = expr.parts
        if parts is not None:
            parts.append(expr.prefix or ())
            parts.append(value)
            expr.prefix = None
        elif expr.prefix is not None:
            expr.parts = [expr.prefix, value]
            expr.prefix = None
        else:
            expr.value = value
            expr.node = node
        expr.want = 0
        expr.end = end

    def operator_token(self, expr: _Expr, kind: str, tok: str, start: int, pos: int) -> None:
        if kind == "op":
            if tok == expr.closer or (tok == "," and (expr.kind == _ELEM or expr.kind == _ARGS)):
                self.close_expr(expr, tok, pos)
            elif tok in BINARY:
                if expr.parts is None:
                    expr.parts = [(), expr.value]
                expr.parts.append(tok)
                expr.want = 1
            elif (tok == "=>" and expr.kind == _ELEM) or (tok == "?>" and expr.kind == _STMT):
                self.close_expr(expr, tok, pos)
            elif tok == "?":
                expr.dyn = True
                expr.tern += 1
                expr.want = 5
            elif tok == ":" and expr.tern:
                expr.tern -= 1
                expr.want = 1
            elif tok in _COMPARE:
                expr.dyn = True
                expr.want = 1
            elif tok == "[" or tok == "(":
                expr.dyn = True
                self.push(_Expr(_INDEX, "]", start) if tok == "[" else _Expr(_ARGS, ")", start))
            elif tok in ("->", "?->", "::"):
                expr.dyn = True
                expr.want = 2
            elif tok.endswith("=") and tok not in ("<=", ">="):
                raise self.error(f"unsupported PHP construct: assignment '{tok}' {UNSUPPORTED}", start)
            else:
                found = self.found(expr, kind, tok, start)
                raise self.error(f"{self.expected(expr)} but found {found}", start)
        elif kind == "name" and tok.lower() in KEYWORDS and not self.glued(expr, start):
            raise self.error(f"unsupported PHP construct '{tok.lower()}' {UNSUPPORTED}", start)
        else:
            raise self.error(f"{self.expected(expr)} but found {self.found(expr, kind, tok, start)}", start)

    def found(self, expr: _Expr, kind: str, tok: str, start: int) -> str:
        """The unexpected token, and a hint when it is glued to a string: a quote inside the string?"""
        if self.glued(expr, start):
            return f"{describe(kind, tok)} right after a string literal (an unescaped quote inside a string?)"
        return describe(kind, tok)

    def glued(self, expr: _Expr, start: int) -> bool:
        return start == expr.end and start > 0 and self.text[start - 1] in "'\""

    def expected(self, expr: _Expr) -> str:
        if expr.tern:
            return "expected ':'"
        if expr.kind == _ELEM or expr.kind == _ARGS:
            return f"expected ',' or '{expr.closer}'"
        return f"expected '{expr.closer}'"

    def close_expr(self, expr: _Expr, tok: str, pos: int) -> None:
        if expr.tern:
            raise self.error(f"expected ':' but found '{tok}'", pos - len(tok))
        kind = expr.kind
        if kind == _ARGS and tok == ",":
            expr.want = 4
            return
        stack = self.stack
        stack.pop()
        outer = stack[-1] if stack else None
        if kind == _STMT:
            expr.closer = tok
        elif type(outer) is _Array:
            self.element(outer, expr, tok, pos)
        elif type(outer) is _Expr:
            self.depth -= 1
            if kind == _GROUP:
                value, node = self.result(expr)
                outer.dyn = outer.dyn or type(value) is DynamicValue
                self.operand(outer, value, node, pos, expr.start)
            else:
                outer.end = pos

    def result(self, expr: _Expr) -> tuple[Any, Node | None]:
        if not expr.dyn:
            if expr.parts is None:
                return expr.value, expr.node
            try:
                folded = fold(expr.parts)
            except LiteralError as error:
                raise self.error(str(error), expr.start) from None
            if folded is not UNKNOWN:
                return folded, None
        source = " ".join(self.text[expr.start : expr.end].split())
        return DynamicValue(source[1:] if source.startswith("\\") else source), None

    def element(self, array: _Array, expr: _Expr, tok: str, pos: int) -> None:
        value, node = self.result(expr)
        if array.state == _FIRST and tok == "=>":
            array.key = self.key(array, value, expr.start)
            array.state = _VALUE
            return
        if tok == "=>":
            raise self.error("unexpected '=>'", pos - 2)
        self.add_element(array, value, node)
        if tok == ",":
            array.state = _NEXT
        else:
            self.close_array(pos)

    def close_array(self, pos: int) -> _Array | None:
        """Pop the finished array; return the enclosing array if it is waiting for this value."""
        stack = self.stack
        array: _Array = stack.pop()  # type: ignore[assignment]
        self.depth -= 1
        value = array.data if array.has_key else list(array.data.values())
        outer = stack[-1]
        if type(outer) is _Array:
            outer.state = _AFTER
            outer.pending = (value, array.node, array.start)
            return outer
        self.operand(outer, value, array.node, pos, array.start)  # type: ignore[arg-type]
        return None

    def key(self, array: _Array, value: Any, at: int) -> str:
        try:
            key, index = array_key(value)
        except LiteralError as error:
            raise self.error(str(error), at) from None
        if index is not None and (array.next_index is None or index >= array.next_index):
            array.next_index = index + 1
        return key

    def add_element(self, array: _Array, value: Any, node: Node | None) -> None:
        key = array.key
        if key is None:
            key = str(array.next_index or 0)
            if int(key) > INT_MAX:
                raise LoadError(OCCUPIED, self.file, array.at.line, array.at.column)
            array.next_index = int(key) + 1
        else:
            array.has_key = True
            array.key = None
        positions = array.node
        first = positions.pos.get(key)
        if first is not None:
            positions.dups.append((key, first, array.at))
            positions.kids.pop(key, None)
        positions.pos[key] = array.at
        if node is not None:
            positions.kids[key] = node
        array.data[key] = value
