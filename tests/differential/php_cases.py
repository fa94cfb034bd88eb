"""Generated PHP config files for the differential test: the shapes Magento writes and people edit.

Every case is PHP source; no expected value is written down here: real PHP decides what each file
means, and the reader must agree. One ``random.Random(seed)`` drives everything, so a seed replays.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from linter.loaders.php_constants import PDO

Case = tuple[str, bytes]  # a name saying which style, and the file's bytes

_WORDS = ["db", "host", "cache", "frontend", "default", "id_prefix", "backend", "crypt", "key", "queue"]
_ODD_TEXT = ["", "it's", "back\\slash", 'dq"', "é€😀", "tab\there", "new\nline", "cr\rlf", "$notavar", "{$x}"]
_NUMERIC_KEYS = ["8", "08", "-3", "-0", " 1", "1.5", "0", "9223372036854775807", "9223372036854775808"]
_INTS = [0, 1, -1, 42, 6379, 86400, 2**31, 2**62, 2**63 - 1, -(2**63)]
_FLOATS = ["0.1", "1.5", "-0.0", "1e3", "1E-7", "1.5e300", "0.30000000000000004", ".5", "7.", "1_000.5"]
_INT_LITERALS = [
    "0x1A",
    "0X1a",
    "0b101",
    "0o17",
    "017",
    "1_000_000",
    "9223372036854775807",
    "9223372036854775808",
]
_MYSQL = sorted(name for name in PDO if name.startswith("MYSQL_ATTR_"))
_PDO_OTHER = ["ATTR_TIMEOUT", "ATTR_ERRMODE", "ERRMODE_EXCEPTION", "ATTR_PERSISTENT", "ATTR_EMULATE_PREPARES"]


def _sq(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _scalar(rng: random.Random) -> str:
    """A literal as var_export and PhpFormatter write it."""
    pick = rng.randrange(6)
    if pick == 0:
        return _sq(rng.choice(_WORDS + _ODD_TEXT))
    if pick == 1:
        return str(rng.choice(_INTS)) if rng.random() < 0.9 else "-9223372036854775807 - 1"
    if pick == 2:
        return rng.choice(["0.1", "1.5", "-2.25", "1.0E+25", "1.0E-7", "3.0"])
    if pick == 3:
        return rng.choice(["true", "false", "TRUE", "False"])
    if pick == 4:
        return rng.choice(["null", "NULL"])
    return _sq(f"{rng.choice(_WORDS)}_{rng.randrange(10**6)}")


def _key(rng: random.Random) -> str:
    pick = rng.randrange(5)
    if pick == 0:
        return str(rng.randrange(-3, 20))
    if pick == 1:
        return _sq(rng.choice(_NUMERIC_KEYS))
    return _sq(rng.choice(_WORDS) + ("" if rng.random() < 0.5 else f"_{rng.randrange(99)}"))


def formatter(rng: random.Random, header: bool) -> str:
    """Magento's PhpFormatter: short arrays, 4-space indent, lists without keys, optional section comments."""

    def block(depth: int, indent: str) -> list[str]:
        lines: list[str] = []
        as_list = rng.random() < 0.25
        for index in range(rng.randrange(0 if depth else 1, 6)):
            head = "" if as_list else f"{_key(rng)} => "
            if header and depth == 0:
                lines += [f"{indent}/**", f"{indent} * For the section: s{index}", f"{indent} */"]
            if depth < 5 and rng.random() < 0.4:
                inner = block(depth + 1, indent + "    ")
                lines += [f"{indent}{head}[", *inner, f"{indent}],"] if inner else [f"{indent}{head}[],"]
            else:
                lines.append(f"{indent}{head}{_scalar(rng)},")
        return lines

    return "\n".join(["<?php", "return [", *block(0, "    "), "];", ""])


def var_export_style(rng: random.Random) -> str:
    """``var_export()``: ``array (``, two-space indent, the nested array on the line after its key."""

    def block(depth: int, indent: str) -> list[str]:
        lines: list[str] = []
        for index in range(rng.randrange(0, 5)):
            key = str(index) if rng.random() < 0.3 else _key(rng)
            if depth < 4 and rng.random() < 0.4:
                lines += [
                    f"{indent}{key} => ",
                    f"{indent}array (",
                    *block(depth + 1, indent + "  "),
                    f"{indent}),",
                ]
            else:
                lines.append(f"{indent}{key} => {_scalar(rng)},")
        return lines

    return "\n".join(["<?php", "return array (", *block(0, "  "), ");", ""])


def _gap(rng: random.Random) -> str:
    """Whitespace and comments between tokens, as hands leave them."""
    return rng.choice(
        [
            " ",
            " ",
            "",
            "\n    ",
            "\t",
            " /* note */ ",
            " /** doc\n * more */ ",
            " // line\n    ",
            " # hash\n    ",
            "\r\n    ",
        ]
    )


def _dq(rng: random.Random) -> str:
    pieces = [
        "plain",
        "\\n",
        "\\t",
        "\\r",
        "\\\\",
        '\\"',
        "\\$",
        "\\x41",
        "\\101",
        "\\u{1F600}",
        "\\q",
        "é",
        "\\e",
        "\\xff",
        "\\400",
        "\\0",
        "\\u{D800}",
        "$ ",
    ]
    return '"' + "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 6))) + '"'


def _heredoc(rng: random.Random) -> str:
    label = rng.choice(["EOT", "PEM", "TXT"])
    quoted = rng.random() < 0.4
    indent = rng.choice(["", "    "])
    body = [
        indent
        + rng.choice(["line one", "key \\t tab", "it's", "-----BEGIN-----", "$notvar", "", "\\x41\\u{e9}"])
        for _ in range(3)
    ]
    opening = f"<<<'{label}'" if quoted else f"<<<{label}"
    return "\n".join([opening, *body, indent + label])


def _number(rng: random.Random, depth: int = 0) -> str:
    """A numeric expression: literals in every notation, operators, parentheses, unary signs."""
    if depth > 2 or rng.random() < 0.35:
        pick = rng.randrange(4)
        if pick == 0:
            return str(rng.randrange(1, 100))
        if pick == 1:
            return rng.choice(_INT_LITERALS)
        if pick == 2:
            return rng.choice(_FLOATS)
        return rng.choice(["true", "null", "PHP_INT_MAX", "\\PHP_INT_SIZE", "\\PDO::ATTR_TIMEOUT"])
    operator = rng.choice(["+", "-", "*", "*", "/", "%", "**", "<<", ">>", "&", "|", "^"])
    left = _number(rng, depth + 1)
    if operator in ("/", "%"):
        right = str(rng.randrange(1, 13) * rng.choice([1, -1]))
    elif operator in ("<<", ">>"):
        right = str(rng.randrange(0, 70))
    elif operator == "**":
        right = rng.choice(["2", "3", "-1", "0.5", "40", "63", "64"])
    else:
        right = _number(rng, depth + 1)
    text = f"{left} {operator} {right}"
    unary = rng.choice(["", "", "", "-", "+", "~", "- -"])
    return f"{unary}({text})" if rng.random() < 0.5 or unary else text


def _expression(rng: random.Random, mysql: bool) -> str:
    pick = rng.randrange(9)
    if pick == 0:
        return _dq(rng)
    if pick == 1:
        return _heredoc(rng)
    if pick == 2:
        parts = [rng.choice([_sq("a"), _dq(rng), str(rng.randrange(10)), "true", "null", "1.5", "PHP_EOL"])]
        parts += [
            rng.choice([_sq("b"), "'c'", "7", "-3", "false", "(1 + 2)", "1 + 2", "2 ** 3"])
            for _ in range(rng.randrange(1, 4))
        ]
        return " . ".join(parts)
    if pick in (3, 4):
        return _number(rng)
    if pick == 5:
        return rng.choice(
            ["getenv('NOT_SET_X') ?: 'fallback'", "$_ENV['NOT_SET'] ?? 'x'", "(int) '5'", "BP . '/var'"]
        )
    if pick == 6 and mysql:
        return f"\\PDO::{rng.choice(_MYSQL)}"
    if pick == 7:
        return rng.choice(["array(1, 2, 3)", "array('a' => 1,)", "[]", "array()"])
    return _scalar(rng)


def _hand_key(rng: random.Random, mysql: bool) -> str:
    pick = rng.randrange(8)
    if pick == 0 and mysql:
        return rng.choice(["\\PDO::", "PDO::", "pdo::"]) + rng.choice(_MYSQL)
    if pick == 1:
        return "PDO::" + rng.choice(_PDO_OTHER)
    if pick == 2:
        return rng.choice(["true", "false", "null", "1.7", "-2.5", '"8"', '"08"', "0x10", "2 * 3", "'k' . 1"])
    return _key(rng)


def hand_edited(rng: random.Random, mysql: bool) -> str:
    """A file people wrote: comments, heredocs, escapes, arithmetic, constants, statements after the array."""

    def block(depth: int, indent: str) -> str:
        entries = []
        for _ in range(rng.randrange(1, 6)):
            if depth < 3 and rng.random() < 0.3:
                value = block(depth + 1, indent + "    ")
            else:
                value = _expression(rng, mysql)
            key = "" if rng.random() < 0.15 else f"{_hand_key(rng, mysql)}{_gap(rng)}=>{_gap(rng)}"
            entries.append(f"{indent}    {key}{value}")
        opening, closing = ("array(", ")") if rng.random() < 0.2 else ("[", "]")
        trailing = "," if rng.random() < 0.7 else ""
        return f"{opening}\n" + ",\n".join(entries) + f"{trailing}\n{indent}{closing}"

    prefix = rng.choice(["", "", "", "\ufeff", "Text before the open tag\n", "#!/usr/bin/env php\n"])
    heads = ["<?php\n", "<?PHP\n// Hand edited.\n"]
    if not prefix or rng.random() < 0.2:  # strict_types after a prefix is an error PHP and the reader share
        heads.append("<?php\ndeclare(strict_types=1);\n")
    head = rng.choice(heads)
    if rng.random() < 0.5:
        return f"{prefix}{head}return {block(0, '')};\n"
    lines = [f"{prefix}{head}$env = {block(0, '')};"]
    for _ in range(rng.randrange(1, 4)):
        target = "$env" + "".join(f"[{_key(rng)}]" for _ in range(rng.randrange(1, 4)))
        value = _expression(rng, mysql)
        shape = rng.randrange(4)
        if shape == 0:
            lines.append(f"{target} = {value};")
        elif shape == 1:
            condition = rng.choice(["true", "1", "0", "false", "null", "'0'", "''", "'a'", "[]", "0.0"])
            lines.append(f"if ({condition}) {{\n    {target} = {value};\n}}")
        elif shape == 2:
            then = f"if (getenv('NOT_SET_Y')) {{\n    {target} = getenv('NOT_SET_Y');\n}}"
            otherwise = f" elseif (false) {{\n    {target} = 1;\n}} else {{\n    {target} = {value};\n}}"
            lines.append(then + otherwise)
        else:
            lines.append(f"{target}[] = {value};")
    lines.append(rng.choice(["return $env;", "return $env ?>", "return $env;\n?>\ntrailing text"]))
    return "\n".join(lines) + "\n"


def _bytes(rng: random.Random, text: str) -> bytes:
    """The file's bytes: UTF-8, sometimes with CRLF line endings or a Latin-1 string literal added."""
    data = text.encode("utf-8")
    if rng.random() < 0.15:
        data = data.replace(b"\n", b"\r\n")
    if rng.random() < 0.1 and b"return [\n" in data:
        data = data.replace(b"return [\n", b"return [\n    'latin1' => 'p\xe4ss\xdf\xff',\n", 1)
    return data


def generate(seed: int, count: int, mysql: bool) -> list[Case]:
    """``count`` cases in every style, deterministic for a seed."""
    rng = random.Random(seed)
    styles: list[tuple[str, Callable[[], str]]] = [
        ("formatter", lambda: formatter(rng, header=False)),
        ("formatter-header", lambda: formatter(rng, header=True)),
        ("var_export", lambda: var_export_style(rng)),
        ("hand-edited", lambda: hand_edited(rng, mysql)),
        ("hand-edited", lambda: hand_edited(rng, mysql)),
    ]
    cases: list[Case] = []
    for index in range(count):
        name, make = styles[index % len(styles)]
        cases.append((f"{index:03d}-{name}", _bytes(rng, make())))
    return cases
