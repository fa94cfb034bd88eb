"""Loaders for Magento ``CONFIG__`` environment variables: JSON, ``.env`` and ``.magento.app.yaml``."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from linter.errors import LoadError
from linter.loaders.document import Document, DuplicateKey, KeyPath, Position
from linter.loaders.limits import MAX_DEPTH, NodeBudget
from linter.loaders.lines import LineIndex
from linter.loaders.yaml_nodes import Mapping, Node, Scalar, Sequence, compose

if TYPE_CHECKING:
    import yaml

__all__ = [
    "decode_config_variable",
    "load_dotenv",
    "load_environment_json",
    "load_magento_app_yaml",
]

# Environment::isApplicable() in app/code/Magento/Config/Model/Placeholder/Environment.php
_CONFIG_NAME_RE = re.compile(r"CONFIG__[A-Za-z]+[A-Za-z0-9_]*", re.ASCII)
_CONFIG_PREFIX = "CONFIG__"
_SCOPES_WITH_CODE = frozenset({"websites", "stores"})


def decode_config_variable(name: str) -> tuple[str, str | None, str] | None:
    """Decode ``CONFIG__<SCOPE>[__<CODE>]__<PATH>`` into (scope type, scope code, config path).

    Decoding follows Magento: drop ``CONFIG__``, turn every ``__`` into ``/``, lower-case
    (``Environment::restore()``). The scope code is lower-cased too, so for a website whose code is not
    (``EU_Site``) the values sit under another spelling, which Fallback joins section by section
    (linter/model/sitemap.py ``merge_respelled``).
    Returns None for other names, unknown scope types, empty segments or paths of fewer
    than two segments.
    """
    if _CONFIG_NAME_RE.fullmatch(name) is None:
        return None
    segments = name[len(_CONFIG_PREFIX) :].replace("__", "/").lower().split("/")
    if "" in segments:
        return None
    scope = segments[0]
    if scope == "default":
        code: str | None = None
        path = segments[1:]
    elif scope in _SCOPES_WITH_CODE:
        code = segments[1] if len(segments) > 1 else None
        path = segments[2:]
    else:
        return None
    if len(path) < 2:
        return None
    return scope, code, "/".join(path)


# --------------------------------------------------------------------------- helpers


def _record(
    name: str,
    value: Any,
    where: Position,
    data: dict[str, Any],
    positions: dict[KeyPath, Position],
    duplicates: list[DuplicateKey],
) -> None:
    """Store one NAME → value; a repeated name is reported and the later one wins."""
    path = (name,)
    previous = positions.get(path)
    if previous is not None:
        duplicates.append(DuplicateKey(path, previous, where))
    data[name] = value
    positions[path] = where


# --------------------------------------------------------------------------- JSON

_JSON_WS_RE = re.compile(r"[ \t\n\r]*")
_JSON_DECODER = json.JSONDecoder()


def load_environment_json(text: str, file: str) -> Document:
    """Load a JSON object of environment variables (NAME → string, number, boolean or null)."""
    lines = LineIndex(text)
    data: dict[str, Any] = {}
    positions: dict[KeyPath, Position] = {}
    duplicates: list[DuplicateKey] = []

    def fail(message: str, offset: int) -> LoadError:
        where = lines.position(offset)
        return LoadError(message, file, where.line, where.column)

    def skip(offset: int) -> int:
        match = _JSON_WS_RE.match(text, offset)
        assert match is not None  # the pattern matches the empty string
        return match.end()

    idx = skip(1 if text.startswith("\ufeff") else 0)
    try:
        if text[idx : idx + 1] != "{":
            raise fail("expected a JSON object of NAME: value pairs at top level", idx)
        idx = skip(idx + 1)
        if text[idx : idx + 1] == "}":
            idx += 1
        else:
            while True:
                if text[idx : idx + 1] != '"':
                    raise fail("expected a variable name in double quotes", idx)
                key_at = idx
                name, idx = _JSON_DECODER.raw_decode(text, idx)
                idx = skip(idx)
                if text[idx : idx + 1] != ":":
                    raise fail("expected ':' after the variable name", idx)
                idx = skip(idx + 1)
                value_at = idx
                opening = text[idx : idx + 1]
                if opening in ("{", "["):  # refused before decoding: it may nest past the stack
                    kind = "an object" if opening == "{" else "an array"
                    raise fail(f"value of {name!r} is {kind}; expected a string, number or boolean", value_at)
                try:
                    value, idx = _JSON_DECODER.raw_decode(text, idx)
                except json.JSONDecodeError:
                    raise
                except ValueError:  # a number longer than Python's int-to-string limit
                    raise fail("invalid JSON: a number with more than 4300 digits", value_at) from None
                _record(name, value, lines.position(key_at), data, positions, duplicates)
                idx = skip(idx)
                sep = text[idx : idx + 1]
                idx = skip(idx + 1)
                if sep == "}":
                    break
                if sep != ",":
                    raise fail("expected ',' or '}'", idx - 1 if sep else idx)
        idx = skip(idx)
        if idx != len(text):
            raise fail("unexpected content after the JSON object", idx)
    except json.JSONDecodeError as exc:
        raise LoadError(f"invalid JSON: {exc.msg}", file, exc.lineno, exc.colno) from None
    return Document(file=file, format="environment", data=data, duplicates=duplicates, positions=positions)


# --------------------------------------------------------------------------- .env

_DOTENV_LINE_RE = re.compile(
    r"""
    [ \t]*
    (?:
        (?:export[ \t]+)?
        (?P<name>[A-Za-z_][A-Za-z0-9_]*)
        [ \t]*=[ \t]*
        (?:
            '(?P<sq>[^']*+)'
          | "(?P<dq>[^"\\]*+(?:\\.[^"\\]*+)*+)"  # possessive: an unclosed quote fails in linear time
          | (?P<uq>(?!['"])[^\r\n]*)
        )
        [ \t]*
    )?
    (?:\#[^\r\n]*)?
    (?:\r?\n|\Z)
    """,
    re.VERBOSE | re.DOTALL | re.ASCII,
)
_DOTENV_ESCAPE_RE = re.compile(r"\\(.)", re.DOTALL)
_DOTENV_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_DOTENV_INLINE_COMMENT_RE = re.compile(r"[ \t]#")
_DOTENV_OPEN_QUOTE_RE = re.compile(r"[ \t]*(?:export[ \t]+)?[A-Za-z_][A-Za-z0-9_]*[ \t]*=[ \t]*(['\"])")


def _unescape_double(match: re.Match[str]) -> str:
    char = match.group(1)
    return _DOTENV_ESCAPES.get(char, match.group(0))


def load_dotenv(text: str, file: str) -> Document:
    """Load a ``.env`` file of ``[export] NAME=value`` lines; ``${VAR}`` is never expanded."""
    data: dict[str, Any] = {}
    positions: dict[KeyPath, Position] = {}
    duplicates: list[DuplicateKey] = []
    pos = 1 if text.startswith("\ufeff") else 0
    lines = LineIndex(text, pos)
    end = len(text)
    while pos < end:
        match = _DOTENV_LINE_RE.match(text, pos)
        if match is None:
            opening = _DOTENV_OPEN_QUOTE_RE.match(text, pos)
            if opening is not None:
                message = f"unterminated {opening.group(1)}-quoted value, or text after the closing quote"
            else:
                message = "expected NAME=value, 'export NAME=value', a comment or a blank line"
            raise LoadError(message, file, lines.position(pos).line)
        name = match.group("name")
        if name is not None:
            sq, dq, uq = match.group("sq", "dq", "uq")
            if sq is not None:
                value = sq
            elif dq is not None:
                value = _DOTENV_ESCAPE_RE.sub(_unescape_double, dq.replace("\r\n", "\n"))
            else:
                comment = _DOTENV_INLINE_COMMENT_RE.search(uq)
                value = (uq if comment is None else uq[: comment.start()]).strip()
            _record(name, value, lines.position(match.start("name")), data, positions, duplicates)
        pos = match.end()
    return Document(file=file, format="dotenv", data=data, duplicates=duplicates, positions=positions)


# --------------------------------------------------------------------------- .magento.app.yaml

_MAX_TAG_REPAIRS = 100
_MAX_REPAIR_WORK = 32 * 1024 * 1024  # characters re-parsed for them in all, twice the size limit


def _bad_tag_offset(exc: yaml.YAMLError, text: str, lines: LineIndex) -> int | None:
    """Where the ``!`` of a tag the scanner rejected (``!php/const:\\PDO::X``) is, if that is the error."""
    import yaml

    if not isinstance(exc, yaml.scanner.ScannerError) or exc.context_mark is None:
        return None
    if "scanning a tag" not in (exc.context or "").lower():
        return None
    offset = lines.offset(exc.context_mark.line + 1, exc.context_mark.column + 1)
    return offset if text[offset : offset + 1] == "!" else None


def _compose(text: str, file: str) -> Node | None:
    """Compose (never construct) one YAML document into light nodes; tags are ignored.

    Tags PyYAML cannot even scan (Symfony's ``!php/const:\\PDO::X``) are turned into plain
    scalars one at a time, at the exact place the scanner reported, keeping all offsets.
    """
    import yaml

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    last: yaml.YAMLError | None = None
    lines: LineIndex | None = None
    parsed = 0  # characters parsed by failed attempts: each one starts again from the top
    for _ in range(_MAX_TAG_REPAIRS):
        parser = None
        try:
            parser = loader(text)
            return compose(parser, file)
        except yaml.YAMLError as exc:
            last = exc
            lines = lines or LineIndex(text)
            offset = _bad_tag_offset(exc, text, lines)
            if offset is None:
                break
            parsed += offset
            if parsed > _MAX_REPAIR_WORK:  # a hundred repairs near the end of a 15 MiB file: minutes
                where = lines.position(offset)
                raise LoadError(
                    "too many tags PyYAML cannot read (such as !php/const:\\PDO::...) for a file this"
                    " large; the first one left is here",
                    file,
                    where.line,
                    where.column,
                ) from None
            text = f"{text[:offset]}_{text[offset + 1 :]}"
        finally:
            if parser is not None:
                parser.dispose()
    assert last is not None
    from linter.loaders.yaml_loader import yaml_error

    raise yaml_error(last, text, file) from None


def _split_pairs(
    node: Mapping, file: str, budget: NodeBudget, seen: frozenset[int] = frozenset()
) -> tuple[list[tuple[Node, Node]], list[tuple[Node, Node]]]:
    """A mapping's pairs pulled in through ``<<`` merge keys, and its explicitly written pairs.

    A mapping that merges itself (recursive anchor) contributes nothing the second time. Every pair
    copied in counts against ``budget``: ``<<: [*a, *a]`` repeated doubles them at each level.
    """
    if len(seen) > MAX_DEPTH:
        raise _env_error(f"merge keys nested deeper than {MAX_DEPTH} levels", file, node)
    seen = seen | {id(node)}
    merged: list[tuple[Node, Node]] = []
    explicit: list[tuple[Node, Node]] = []
    for key, value in node.value:
        if isinstance(key, Scalar) and key.merge:
            sources = value.value if isinstance(value, Sequence) else [value]
            for source in sources:
                if isinstance(source, Mapping) and id(source) not in seen:
                    inner_merged, inner_explicit = _split_pairs(source, file, budget, seen)
                    if not budget.spend(len(inner_merged) + len(inner_explicit)):
                        raise _env_error(NodeBudget.message("variables"), file, key)
                    merged.extend(inner_merged)
                    merged.extend(inner_explicit)
        else:
            explicit.append((key, value))
    return merged, explicit


def _child(node: Mapping, name: str, file: str, budget: NodeBudget) -> Node | None:
    """The value of the last ``name`` key of a mapping (later keys win, as when loading)."""
    merged, explicit = _split_pairs(node, file, budget)
    found: Node | None = None
    for key, value in merged + explicit:
        if isinstance(key, Scalar) and key.value == name:
            found = value
    return found


def _mark(node: Node) -> Position:
    return node.position


def _env_error(message: str, file: str, node: Node) -> LoadError:
    where = _mark(node)
    return LoadError(message, file, where.line, where.column)


def load_magento_app_yaml(text: str, file: str) -> Document:
    """Load the ``variables.env`` mapping of a ``.magento.app.yaml`` (values as written, as strings).

    Custom tags anywhere in the file are ignored; ``<<`` merge keys inside ``env`` are honoured.
    """
    data: dict[str, Any] = {}
    positions: dict[KeyPath, Position] = {}
    duplicates: list[DuplicateKey] = []
    root = _compose(text, file)
    if root is not None and not isinstance(root, Mapping):
        raise _env_error("expected a mapping at top level", file, root)
    budget = NodeBudget()
    variables = _child(root, "variables", file, budget) if root is not None else None
    if variables is not None and not isinstance(variables, Mapping | Scalar):
        raise _env_error("'variables' must be a mapping", file, variables)
    env = _child(variables, "env", file, budget) if isinstance(variables, Mapping) else None
    if env is not None and not isinstance(env, Mapping | Scalar):
        raise _env_error("'variables.env' must be a mapping", file, env)
    if isinstance(env, Mapping):
        merged, explicit = _split_pairs(env, file, budget)
        for pairs, report in ((merged, False), (explicit, True)):
            written: dict[KeyPath, Position] = {}
            for key, value in pairs:
                if not isinstance(key, Scalar):
                    raise _env_error("variable names must be plain strings", file, key)
                if not isinstance(value, Scalar):
                    raise _env_error(f"value of {key.value!r} must be a scalar", file, value)
                path, where = (key.value,), _mark(key)
                if report and path in written:
                    duplicates.append(DuplicateKey(path, written[path], where))
                written[path] = where
                data[key.value] = value.value
            positions.update(written)
    return Document(file=file, format="cloud_app", data=data, duplicates=duplicates, positions=positions)
