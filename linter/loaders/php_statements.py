"""Statements around the returned array: ``$env[...] = ...;`` and ``if (getenv(...)) { ... }`` blocks.

Container images build env.php as an array and then adjust it from the environment. An
assignment PHP certainly runs sets its value; one under a condition known only at run time makes
what it assigns dynamic: the value, or the first key it would create.
"""

from __future__ import annotations

import math
from typing import Any

from linter.loaders.document import DynamicValue, Position
from linter.loaders.limits import MAX_DEPTH
from linter.loaders.php_arrays import OCCUPIED, ArrayParser, Node
from linter.loaders.php_tokens import (
    INT_MAX,
    KEYWORDS,
    UNSUPPORTED,
    LiteralError,
    array_key,
    describe,
    int_key,
)

Variables = dict[str, tuple[Any, "Node | None"]]
Path = list[tuple["str | None", int, Position]]
# How a statement runs: parsed only (a branch PHP never takes), maybe (a run-time condition), surely.
SKIP, MAYBE, SURE = range(3)
# How long a conditional value's expression may grow: a file reassigning one key in a thousand
# blocks must not nest a thousand expressions (quadratic), and nobody reads such an expression.
_LONGEST = 1000
_COMPOUND = frozenset(["+=", "-=", "*=", "/=", "%=", ".=", "??=", "**=", "|=", "&=", "^=", "<<=", ">>="])


class StatementParser(ArrayParser):
    """Assignments and ``if`` statements, at the file level and inside ``if`` blocks."""

    def __init__(self, text: str, file: str) -> None:
        super().__init__(text, file)
        self.blocks = 0  # 'if' statements open around the one being read
        # id of an array -> (the array, the key '[]' gives it next); the array is held, so ids stay unique
        self.appends: dict[int, tuple[dict[str, Any], int]] = {}

    def assignment(
        self, name: str, pos: int, variables: Variables, mode: int, condition: str = ""
    ) -> tuple[str, int]:
        """``$name[...]... = expression;`` from after ``$name``: returns the terminator and the end.

        ``condition``: the source text of the condition a MAYBE assignment runs under.
        """
        path: Path = []  # keys (None: '[]' appends), the offset and position where each is written
        while True:
            kind, tok, start, pos = self.token(pos)
            if tok != "[" or kind != "op":
                break
            kind, closing, at, after = self.token(pos)
            if len(path) >= MAX_DEPTH:
                raise self.error(f"nesting deeper than {MAX_DEPTH} levels", at)
            if closing == "]" and kind == "op":
                path.append((None, at, self.position(at)))
                pos = after
                continue
            key, _, _, pos = self.enclosed(pos, "]")
            if type(key) is DynamicValue:
                raise self.error(
                    f"unsupported PHP construct: an index known only at run time {UNSUPPORTED}", at
                )
            try:
                path.append((array_key(key)[0], at, self.position(at)))
            except LiteralError as error:
                raise self.error(str(error), at) from None
        if tok != "=" and tok not in _COMPOUND:
            message = f"unsupported PHP construct {describe(kind, tok)} after {name}"
            raise self.error(message + ": only '$name = ...;' and '$name[...] = ...;' are read", start)
        begin = pos
        value, node, term, pos = self.expression(pos)
        if mode == SKIP:
            return term, pos
        source = " ".join(self.text[begin : pos - len(term)].split())
        if tok != "=":
            value, node = (
                DynamicValue(f"{name}{''.join(self._index(k) for k, _, _ in path)} {tok} {source}"),
                None,
            )
        if not path:
            previous = variables.get(name, (None, None))[0]
            dynamic = DynamicValue(_conditional(condition, value, previous))
            variables[name] = (value, node) if mode == SURE else (dynamic, None)
            return term, pos
        self.store(variables, name, path, value, node, condition if mode == MAYBE else None, source)
        return term, pos

    @staticmethod
    def _index(key: str | None) -> str:
        return "[]" if key is None else f"[{_literal(key)}]"

    def store(
        self,
        variables: Variables,
        name: str,
        path: Path,
        value: Any,
        node: Node | None,
        condition: str | None,
        source: str = "",
    ) -> None:
        """Write ``value`` at ``path`` in a variable; under a ``condition`` (its text), a dynamic value."""
        data, root = variables.get(name, (None, None))
        if data is None or data is False:
            data, root = {}, Node()
        elif type(data) is DynamicValue:
            return  # writing into an unknown array leaves it unknown
        if type(data) is list:
            data = {str(index): item for index, item in enumerate(data)}
        if type(data) is not dict or root is None:
            raise self.error(f"unsupported PHP construct: {name} is not an array {UNSUPPORTED}", path[0][1])
        variables[name] = (data, root)
        container, positions = data, root
        for index, (key, at, where) in enumerate(path):
            if key is None:
                key = self.next_key(container, at)
            else:
                self.note_key(container, key)
            current = container.get(key)
            if index == len(path) - 1 or current is None or current is False:  # PHP makes arrays of both
                if condition is not None:  # the value, or the first array it would create
                    last = index == len(path) - 1
                    previous = container.get(key)
                    value, node = DynamicValue(_conditional(condition, value if last else [], previous)), None
                elif index < len(path) - 1:  # PHP makes the missing arrays on the way
                    for later, _, later_where in reversed(path[index + 1 :]):
                        value = {("0" if later is None else later): value}
                        nested = Node()
                        nested.pos[next(iter(value))] = later_where
                        if node is not None:
                            nested.kids[next(iter(value))] = node
                        node = nested
                container[key] = value
                positions.pos[key] = where
                positions.kids.pop(key, None)
                if node is not None:
                    positions.kids[key] = node
                return
            child = container[key]
            if type(child) is list:
                child = container[key] = {str(i): item for i, item in enumerate(child)}
            if type(child) is DynamicValue:
                return
            if type(child) is str:  # PHP writes into the string's bytes; not modelled: dynamic
                written = "".join(self._index(k) for k, _, _ in path)
                container[key] = DynamicValue(f"{name}{written} = {source}")
                positions.kids.pop(key, None)
                return
            if type(child) is not dict:
                raise self.error(f"unsupported PHP construct: a value that is not an array {UNSUPPORTED}", at)
            kid = positions.kids.get(key)
            if kid is None:
                kid = positions.kids[key] = Node()
            container, positions = child, kid

    def next_key(self, container: dict[str, Any], at: int) -> str:
        """The key ``[]`` appends with: one past the largest int key (remembered, so appends stay linear)."""
        held = self.appends.get(id(container))
        if held is None or held[0] is not container:
            numbers = [number for number in map(int_key, container) if number is not None]
            held = (container, max(numbers, default=-1) + 1)
        if held[1] > INT_MAX:
            raise self.error(OCCUPIED, at)
        self.appends[id(container)] = (container, held[1] + 1)
        return str(held[1])

    def note_key(self, container: dict[str, Any], key: str) -> None:
        held = self.appends.get(id(container))
        number = int_key(key) if held is not None else None
        if held is not None and number is not None and number >= held[1]:
            self.appends[id(container)] = (container, number + 1)

    def if_statement(self, pos: int, variables: Variables, mode: int) -> int:
        """``if (...) {...} elseif (...) {...} else {...}`` from after ``if``; returns the end."""
        self.blocks += 1
        if self.blocks > MAX_DEPTH:
            raise self.error(f"nesting deeper than {MAX_DEPTH} levels", pos)
        try:
            return self.branches(pos, variables, mode)
        finally:
            self.blocks -= 1

    def branches(self, pos: int, variables: Variables, mode: int) -> int:
        taken = False  # a branch surely runs: the later ones never do
        maybe = False  # a branch may have run
        earlier: list[str] = []  # the conditions so far, for the text of what 'else' assigns
        while True:
            kind, tok, start, pos = self.token(pos)
            if tok != "(":
                raise self.error(f"expected '(' after 'if' but found {describe(kind, tok)}", start)
            condition, _, text, pos = self.enclosed(pos, ")")
            truth = None if type(condition) is DynamicValue else _truthy(condition)
            guard = " && ".join([*(f"!({c})" for c in earlier), text]) if earlier else text
            pos = self.branch(pos, variables, _mode(mode, taken, maybe, truth), guard)
            earlier.append(text)
            taken = taken or truth is True
            maybe = maybe or truth is None
            kind, tok, start, after = self.token(pos)
            low = tok.lower() if kind == "name" else ""
            if low == "elseif":
                pos = after
                continue
            if low != "else":
                return pos
            kind, tok, start, following = self.token(after)
            if kind == "name" and tok.lower() == "if":
                pos = following
                continue
            otherwise = " && ".join(f"!({c})" for c in earlier)
            return self.branch(after, variables, _mode(mode, taken, maybe, True), otherwise)

    def branch(self, pos: int, variables: Variables, mode: int, condition: str) -> int:
        """One branch's body: a block in braces or a single statement."""
        kind, tok, start, after = self.token(pos)
        if tok == ":" and kind == "op":
            raise self.error(f"unsupported PHP construct: 'if (...):' without braces {UNSUPPORTED}", start)
        if tok != "{" or kind != "op":
            return self.statement(pos, variables, mode, condition)
        pos = after
        while True:
            kind, tok, start, after = self.token(pos)
            if tok == "}" and kind == "op":
                return after
            if kind == "end":
                raise self.error("unterminated block: no '}' closes the block started here", pos)
            pos = self.statement(pos, variables, mode, condition)

    def statement(self, pos: int, variables: Variables, mode: int, condition: str) -> int:
        """One statement inside a branch: an assignment, a nested ``if`` or ``;``."""
        kind, tok, start, pos = self.token(pos)
        if tok == ";" and kind == "op":
            return pos
        if kind == "var":
            term, pos = self.assignment(tok, pos, variables, mode, condition)
            if term == "?>":
                raise self.error("unsupported PHP construct '?>' inside an 'if' block", pos - 2)
            return pos
        if kind == "name" and tok.lower() == "if":
            return self.if_statement(pos, variables, mode)
        what = f"'{tok.lower()}'" if kind == "name" and tok.lower() in KEYWORDS else describe(kind, tok)
        raise self.error(f"unsupported PHP construct {what} inside an 'if' block {UNSUPPORTED}", start)


def _mode(outer: int, taken: bool, maybe: bool, truth: bool | None) -> int:
    if outer == SKIP or taken or truth is False:
        return SKIP
    return SURE if outer == SURE and truth is True and not maybe else MAYBE


def _truthy(value: Any) -> bool:
    """PHP's (bool) of a literal value: '', '0', 0, 0.0, null, false and [] are false."""
    if type(value) is str:
        return value not in ("", "0")
    if type(value) is float:
        return value != 0.0  # NAN is true
    return bool(value)


def _literal(value: Any) -> str | None:
    """A scalar written as PHP source, or None (arrays, INF, NAN)."""
    if type(value) is str:
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if value is None or type(value) is bool:
        return {None: "null", True: "true", False: "false"}[value]
    if type(value) is int or (type(value) is float and math.isfinite(value)):
        return repr(value)
    return None


def _conditional(condition: str, value: Any, previous: Any) -> str:
    """The expression a conditional assignment leaves: ``cond ? value : previous``, in PHP's words."""
    new = value.expression if type(value) is DynamicValue else _literal(value)
    old = _literal(previous) if type(previous) is not DynamicValue else previous.expression
    if new is None or old is None or len(new) + len(old) > _LONGEST:
        return f"({condition}) ? ... : ..."
    if new == condition:  # if (getenv('X')) { $env[...] = getenv('X'); } is getenv('X') ?: previous
        return f"{new} ?: {old}"
    return f"({condition}) ? {new} : {old}"
