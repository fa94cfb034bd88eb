"""PHP config files (env.php, config.php): read the returned array literal without executing PHP."""

from __future__ import annotations

from typing import Any

from linter.loaders.document import Document, DuplicateKey, KeyPath, Position
from linter.loaders.php_arrays import Node
from linter.loaders.php_statements import SURE, StatementParser, Variables
from linter.loaders.php_tokens import KEYWORDS, OPEN_TAG, SKIP_RE, UNSUPPORTED, describe


def load_php(text: str, file: str) -> Document:
    """Parse a PHP file that returns an array literal, recording key positions and repeated keys."""
    return _FileParser(text, file).load()


class _FileParser(StatementParser):
    """The file level: open tag, ``declare``, assignments, ``if`` blocks and the ``return``."""

    def load(self) -> Document:
        text = self.text
        # PHP prints whatever comes before its open tag (a BOM, a stray line) and runs what follows.
        opening = OPEN_TAG.search(text)
        if opening is None:
            raise self.error("missing '<?php' open tag", len(text) - len(text.lstrip()))
        echo = text.find("<?=", 0, opening.start())
        if echo >= 0:
            raise self.error(f"unsupported PHP construct '<?=' before '<?php' {UNSUPPORTED}", echo)
        pos = opening.end()
        skipped = SKIP_RE.match(text, pos)
        # strict_types must be the first statement: text before '<?php' (a BOM too) is one already,
        # but not a '#!' line, which PHP skips.
        before = text[: opening.start()]
        if before.startswith("#!"):
            before = before[before.find("\n") + 1 :] if "\n" in before else ""
        first = skipped.end() if skipped and not before else -1
        variables: Variables = {}
        while True:
            kind, tok, start, pos = self.token(pos)
            low = tok.lower()
            if tok == ";" and kind == "op":
                continue
            if kind == "end" or (kind == "op" and tok == "?>"):
                raise self.error("file does not return an array (no return statement)", start)
            if kind == "name" and low == "declare":
                pos = self.declare(pos, first=start == first)
            elif kind == "var":
                term, pos = self.assignment(tok, pos, variables, SURE)
                if term == "?>":
                    raise self.error("file does not return an array (no return statement)", pos)
            elif kind == "name" and low == "if":
                pos = self.if_statement(pos, variables, SURE)
            elif kind == "name" and low == "return":
                value, node, term, pos = self.returned(pos, variables)
                return self.finish(value, node, start, term, pos)
            elif kind == "name" and low in KEYWORDS:
                raise self.error(f"unsupported PHP construct '{low}' {UNSUPPORTED}", start)
            else:
                raise self.error(f"expected 'return' but found {describe(kind, tok)}", start)

    def declare(self, pos: int, first: bool) -> int:
        kind, tok, start, pos = self.token(pos)
        if tok != "(":
            raise self.error(f"expected '(' after 'declare' but found {describe(kind, tok)}", start)
        while tok != ")":
            kind, tok, start, pos = self.token(pos)
            if kind == "name" and tok.lower() == "strict_types" and not first:
                message = "strict_types declaration must be the very first statement (PHP stops here)"
                if self.text[:1] == "\ufeff":
                    message += "; a byte order mark before '<?php' counts as output"
                raise self.error(message, start)
            if kind not in ("name", "num", "sq", "dq") and tok not in ("=", ",", ")"):
                found = describe(kind, tok)
                raise self.error(f"expected names and literals in declare() but found {found}", start)
        kind, tok, start, pos = self.token(pos)
        if tok not in (";", "?>"):
            raise self.error(f"expected ';' but found {describe(kind, tok)}", start)
        return pos

    def returned(self, pos: int, variables: Variables) -> tuple[Any, Any, str, int]:
        kind, tok, start, after = self.token(pos)
        if kind == "var":
            _, term, _, end = self.token(after)
            if term in (";", "?>"):
                if tok not in variables:
                    raise self.error(f"file returns {tok}, which is not assigned an array before", start)
                value, node = variables[tok]
                return value, node, term, end
        return self.expression(pos)

    def finish(self, value: Any, node: Node | None, at: int, term: str, pos: int) -> Document:
        text = self.text
        if term == ";":
            kind, tok, start, pos = self.token(pos)
            if kind != "end" and tok != "?>":
                found = describe(kind, tok)
                raise self.error(f"expected nothing after the return statement but found {found}", start)
        # Text after '?>' is output PHP never reaches (the file has returned), unless it opens PHP again.
        again = OPEN_TAG.search(text, pos)
        echo = text.find("<?=", pos)
        if again is not None or echo >= 0:
            at = min(again.start() if again else len(text), echo if echo >= 0 else len(text))
            raise self.error("unsupported: PHP code after the return statement's '?>'", at)
        if isinstance(value, list):
            value = {str(index): item for index, item in enumerate(value)}
        if not isinstance(value, dict) or node is None:
            raise self.error("file does not return an array", at)
        positions: dict[KeyPath, Position] = {}
        duplicates: list[DuplicateKey] = []
        stack: list[tuple[KeyPath, Node]] = [((), node)]
        while stack:
            path, current = stack.pop()
            for key, where in current.pos.items():
                positions[(*path, key)] = where
            for key, first, second in current.dups:
                duplicates.append(DuplicateKey((*path, key), first, second))
            for key, kid in current.kids.items():
                stack.append(((*path, key), kid))
        duplicates.sort(key=lambda duplicate: (duplicate.second.line, duplicate.second.column))
        return Document(file=self.file, format="php", data=value, duplicates=duplicates, positions=positions)
