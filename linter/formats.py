"""The one registry of input formats: how each file is named, the layer it provides, and its parser.

A new format touches two files: this registry (a ``LOADERS`` entry and an ``InputFormat`` in
``FORMATS``) and its loader module. Everything else follows from the registry: discovery, the
settings file's inventory (``role``/``format`` are checked against ``Role`` and ``LOADERS``), rule
conditions (``source: {format: [...]}``), and the pre-commit hooks' ``files:`` pattern, which
``python -m linter.formats --write`` regenerates (tests/test_hook_pattern.py fails while it is stale).

Loaders are named by a dotted reference and imported on first use: a one-file pre-commit run pays
for every import at start-up, so this module imports nothing heavy either.

Templates (``env.php.sample``, ``env.php.dist``, ``config.php.dist``, ``env.docker.php``) are PHP,
but they are not discovered as layers of an instance: a template is what an installation may be made
from, not what it runs with, and reading one beside the live env.php would layer two env.php files.
They are read when named: on the command line, or in the settings file's inventory.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from enum import StrEnum
from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING

from linter.record import Record

if TYPE_CHECKING:
    from linter.loaders.document import Document


class Role(StrEnum):
    """The part a file plays in an instance; a StrEnum, so ``role == "env"`` keeps working."""

    CONFIG = "config"  # config.php: shared settings, lowest precedence
    ENV = "env"  # env.php: this installation's settings
    CONFIG_SHOW = "config_show"  # bin/magento config:show output: what the database holds
    VARIABLES = "variables"  # CONFIG__ environment variables: highest precedence
    MANIFEST = "manifest"  # instance.yaml: the instance's name and facts, no settings
    DATABASE = "database"  # core_config_data and the store tables: a TSV export, a dump or a live read


# Format name -> "module:function" of its parser, a ``(text, display) -> Document`` function.
LOADERS: dict[str, str] = {
    "yaml": "linter.loaders.yaml_loader:load_yaml",
    "json": "linter.loaders.json_loader:load_json",
    "php": "linter.loaders.php_loader:load_php",
    "environment": "linter.loaders.envvars:load_environment_json",
    "dotenv": "linter.loaders.envvars:load_dotenv",
    "cloud_app": "linter.loaders.envvars:load_magento_app_yaml",
    "config_show": "linter.loaders.config_show:load_config_show",
    "cloud_env": "linter.loaders.cloud_env:load_magento_env_yaml",
    "db_tsv": "linter.loaders.db_tsv:load_tsv",
    "db_dump": "linter.loaders.db_dump:load_dump",
}
# Formats read byte for byte (linter.loaders.reading, ``exact``): PHP strings are bytes, and a database
# export keeps a value's CR and its bytes that are not UTF-8 (an Admin textarea stores CRLF).
EXACT_FORMATS = frozenset(("php", "db_tsv", "db_dump"))


class InputFormat(Record):
    """One kind of input file.

    ``names`` are matched exactly, unless ``typed``: then case-insensitively, after an optional
    ``<type>.`` prefix (``production.env.yaml``) whose words hint the environment type.
    """

    __slots__ = ("names", "role", "format", "shared", "typed")

    def __init__(
        self,
        names: tuple[str, ...],
        role: Role,
        format: str,
        shared: bool,
        typed: bool = False,
    ) -> None:
        self.names = names
        self.role = role
        self.format = format  # a key of LOADERS
        self.shared = shared  # belongs in source control (config.php, .magento.app.yaml), not per instance
        self.typed = typed


DATABASE_TABLE_FILES = ("core_config_data.tsv", "store_website.tsv", "store_group.tsv", "store.tsv")
DATABASE_DUMP_FILES = ("core_config_data.sql", "database.sql", "db.sql", "dump.sql", "magento.sql")

FORMATS: tuple[InputFormat, ...] = (
    InputFormat(("app/etc/env.php", "env.php"), Role.ENV, "php", shared=False),
    InputFormat(("app/etc/config.php", "config.php"), Role.CONFIG, "php", shared=True),
    InputFormat(("environment.json",), Role.VARIABLES, "environment", shared=False),
    InputFormat((".env",), Role.VARIABLES, "dotenv", shared=False),
    InputFormat((".magento.app.yaml",), Role.VARIABLES, "cloud_app", shared=True),
    # ece-tools' stage variables: no CONFIG__ variable, so no config path (see linter/model/extract.py).
    InputFormat((".magento.env.yaml",), Role.VARIABLES, "cloud_env", shared=True),
    InputFormat(("config-show.txt",), Role.CONFIG_SHOW, "config_show", shared=False),
    InputFormat(("instance.yaml", "instance.yml"), Role.MANIFEST, "yaml", shared=True),
    InputFormat(("env.yaml", "env.yml"), Role.ENV, "yaml", shared=False, typed=True),
    InputFormat(("env.json",), Role.ENV, "json", shared=False, typed=True),
    InputFormat(("config.yaml", "config.yml"), Role.CONFIG, "yaml", shared=True, typed=True),
    InputFormat(("config.json",), Role.CONFIG, "json", shared=True, typed=True),
    # The database view: one mysql -B export per table, named after it, or a dump of the four tables.
    # Only these dump names are read, so a .sql file of another purpose in an instance folder is not.
    InputFormat(DATABASE_TABLE_FILES, Role.DATABASE, "db_tsv", shared=False),
    InputFormat(DATABASE_DUMP_FILES, Role.DATABASE, "db_dump", shared=False),
)

# Folders below an instance whose files are read (app/etc/env.php); a name in FORMATS says which.
SUBFOLDERS = ("app/etc",)


class Recognised(Record):
    """What the registry knows about one file name: its layer, parser and environment type hint."""

    __slots__ = ("role", "format", "shared", "env_type_hint")

    def __init__(self, role: Role, format: str, shared: bool, env_type_hint: str | None = None) -> None:
        self.role = role
        self.format = format
        self.shared = shared
        self.env_type_hint = env_type_hint


ENV_TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "production": ("production", "prod", "live", "prd"),
    "staging": ("staging", "stage", "uat", "preprod", "preproduction", "stg"),
    "development": ("dev", "develop", "development", "integration", "local", "qa", "test"),
}
_WORD_TO_TYPE = {word: kind for kind, words in ENV_TYPE_WORDS.items() for word in words}
_PRODUCTION = frozenset(ENV_TYPE_WORDS["production"])
# Words that may stand beside a production word without changing what it names: where it runs
# (eu-prod, us-east-live) or a number (prod-2). Any other word makes a compound (prod-copy,
# production-dr, live-search-demo) that says nothing about production (domain.md §e).
_PLACES = frozenset(
    (
        *("eu", "us", "uk", "gb", "de", "fr", "es", "it", "nl", "be", "ch", "at", "se", "dk", "fi", "pl"),
        *("ie", "pt", "cz", "jp", "cn", "in", "au", "nz", "ca", "mx", "br", "sg", "hk", "kr", "za", "ae"),
        *("na", "apac", "emea", "latam", "amer", "asia", "europe", "global", "intl"),
        *("east", "west", "north", "south", "central"),
        "",  # a number: what is left of "2" or "eu1" once its digits are taken off
    )
)
# pre-prod is staging; non-prod (no-prod, not-prod, nonprod) is not production, of no known type.
_BEFORE = {"pre": "preprod", "non": "nonprod", "no": "nonprod", "not": "nonprod"}


def env_type_from_word(text: str) -> str | None:
    """The environment type a name points to (``prod``, ``eu-prod``, ``eu-staging``), or None.

    A guess, and a careful one for production: only a production word alone or beside a place or a
    number names it. ``pre-prod`` is staging; ``non-prod``, ``prod-copy`` and ``production-dr`` name
    no type; two types named (``prod-uat``) are no guess.
    """
    tokens = [token for token in re.split(r"[^a-z0-9]+", text.lower()) if token]
    words: list[str] = []
    for token in tokens:
        if words and words[-1] in _BEFORE and token in _PRODUCTION:
            words[-1] = _BEFORE[words[-1]]
        else:
            words.append(token)
    kinds = {_WORD_TO_TYPE[word] for word in words if word in _WORD_TO_TYPE and word not in _PRODUCTION}
    if any(word in _PRODUCTION for word in words):
        beside = [
            word for word in words if word not in _PRODUCTION and word.rstrip("0123456789") not in _PLACES
        ]
        return None if beside else "production"
    return kinds.pop() if len(kinds) == 1 else None


_TYPE_PREFIX = r"[a-z0-9_-]+"  # the ``<type>.`` of ``production.env.yaml``: one word, no dot
_TYPE_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-")
_EXACT: dict[str, InputFormat] = {name: kind for kind in FORMATS if not kind.typed for name in kind.names}
# Typed names are matched with string operations, not regular expressions: compiling the patterns
# cost a one-file check more than the rest of this module's import (recognise runs on every file).
_TYPED: tuple[tuple[str, InputFormat], ...] = tuple(
    (name.lower(), kind) for kind in FORMATS if kind.typed for name in kind.names
)


@cache
def _pattern(source: str, flags: int = 0) -> re.Pattern[str]:
    """A regular expression compiled on first use: most runs never need this module's patterns."""
    return re.compile(source, flags)


# A capture of one scope's config:show: config-show.websites.eu.txt (its loader reads the scope from the
# name; the same pattern as linter.loaders.config_show.SCOPED_NAME_RE, not imported: start-up).
_SCOPED_CONFIG_SHOW = r"config-show\.(?:websites?|stores?|default)(?:\.[A-Za-z0-9_]+)?\.txt"


def recognise(relative: str) -> Recognised | None:
    """The format of a file named ``relative`` inside its instance (``env.php``, ``app/etc/env.php``,
    ``prod.env.yaml``, ``instance.yaml``, ``config-show.websites.eu.txt``), or None when no instance
    reads such a file."""
    exact = _EXACT.get(relative)
    if exact is not None:
        return Recognised(exact.role, exact.format, exact.shared)
    if relative[:12].lower() == "config-show." and _pattern(_SCOPED_CONFIG_SHOW, re.I).fullmatch(relative):
        return Recognised(Role.CONFIG_SHOW, "config_show", False)
    for name, kind in _TYPED:
        if len(relative) < len(name) or relative[len(relative) - len(name) :].lower() != name:
            continue
        prefix = relative[: len(relative) - len(name)]
        if not prefix:
            return Recognised(kind.role, kind.format, kind.shared)
        word = prefix[:-1]
        if prefix[-1] == "." and word and set(word.lower()) <= _TYPE_CHARACTERS:
            return Recognised(kind.role, kind.format, kind.shared, env_type_from_word(word))
    return None


def layer_of(relative: str) -> Recognised | None:
    """As ``recognise``, for a file that provides settings: None for a manifest too."""
    found = recognise(relative)
    return found if found is not None and found.role is not Role.MANIFEST else None


def names_in(folder: str) -> tuple[str, ...]:
    """The file names read in an instance's subfolder (``app/etc``: config.php, env.php), sorted."""
    return tuple(sorted(name.rsplit("/", 1)[1] for name in _EXACT if name.rsplit("/", 1)[0] == folder))


# A template's last suffix: env.php.dist is env.php's template. Matched case-insensitively.
TEMPLATE_SUFFIXES = ("dist", "sample", "example", "template")
_TEMPLATE = (
    r"^(?:(?P<base>env|config)\.php\.(?:" + "|".join(TEMPLATE_SUFFIXES) + r")"
    rf"|env\.(?P<word>{_TYPE_PREFIX})\.php)$"
)
_BY_SUFFIX = {
    "json": "json",
    "php": "php",
    "yml": "yaml",
    "yaml": "yaml",
    "txt": "config_show",
    "tsv": "db_tsv",
    "sql": "db_dump",
}


def template_of(name: str) -> Recognised | None:
    """What a PHP file under another name is (``env.php.dist``, ``config.php.sample``, ``env.docker.php``),
    or None. Such files are read only when named (see the module docstring), never discovered."""
    match = _pattern(_TEMPLATE, re.I).match(name.rsplit("/", 1)[-1])
    if match is None:
        return None
    if (match["base"] or "env").lower() == "config":
        return Recognised(Role.CONFIG, "php", True)
    return Recognised(Role.ENV, "php", False, env_type_from_word(match["word"]) if match["word"] else None)


def dump_of(name: str) -> Recognised | None:
    """What a ``.sql`` file under another name is when it is named on its own: a database dump. Such a
    file is read only when named; in a folder only DATABASE_DUMP_FILES are (see FORMATS)."""
    return Recognised(Role.DATABASE, "db_dump", False) if name.lower().endswith(".sql") else None


def format_by_suffix(name: str) -> str:
    """The format of a file the registry does not name (an inventory entry's), judged by its name:
    a template of a PHP file is PHP; otherwise by its suffix, YAML when the suffix says nothing."""
    if template_of(name) is not None:
        return "php"
    return _BY_SUFFIX.get(name.rsplit(".", 1)[-1].lower(), "yaml")


SNIFF_BYTES = 4096
# PHP reads any text before its opening tag as output; a tag opening a line within the head counts.
_PHP_OPEN = rb"(?m)^(?:\xef\xbb\xbf)?[^\S\n]*<\?php(?:\s|$)"


def format_of_text(name: str, head: bytes) -> str:
    """The format of an env.php-shaped file named on its own (PHP, JSON or YAML), from its name and
    its first bytes (``head``).

    A file whose text opens with ``<?php`` is PHP whatever its suffix (``env.php.bak``); for a
    suffix that names a data format (``.json``, ``.yaml``, ``.txt``) the tag must open the file,
    so that a dump quoting PHP in a block of text is still read as the dump it is.
    """
    by_name = format_by_suffix(name)
    if by_name == "php":
        return by_name
    by_name = by_name if by_name == "json" else "yaml"  # a config-show capture alone is no instance
    opening = re.compile(_PHP_OPEN).search(head, 0, SNIFF_BYTES)  # re caches it
    if opening is None:
        return by_name
    named = name.rsplit(".", 1)[-1].lower() in _BY_SUFFIX and "." in name
    leading = head[: opening.start()].lstrip(b"\xef\xbb\xbf \t\r\n")
    return "php" if not named or not leading else by_name


def format_of_file(path: str) -> str:
    """As ``format_of_text``, reading the head of the file at ``path``. Anything but a regular file (a FIFO
    would block, a device never end) and an unreadable one are judged by name; reading reports why."""
    head = b""
    try:
        if os.path.isfile(path):
            with open(path, "rb") as handle:
                head = handle.read(SNIFF_BYTES)
    except OSError:
        pass
    return format_of_text(path.replace("\\", "/").rsplit("/", 1)[-1], head)


def loader_for(fmt: str) -> Callable[[str, str], Document]:
    """The parse function of a format (a key of LOADERS), imported on first use."""
    module, function = LOADERS[fmt].split(":")
    parse: Callable[[str, str], Document] = getattr(import_module(module), function)
    return parse


def hook_pattern() -> str:
    """The pre-commit hooks' ``files:`` regular expression: every name ``recognise`` reads, at any depth.

    Exact names are matched as written; typed names case-insensitively, after an optional type word.
    Templates are left out: they are not layers (see the module docstring).
    """
    exact = [re.escape(name) for kind in FORMATS if not kind.typed for name in kind.names]
    typed = [re.escape(name) for kind in FORMATS if kind.typed for name in kind.names]
    alternatives = [*exact, rf"(?i:{_SCOPED_CONFIG_SHOW})"]  # per-scope config:show captures
    if typed:
        alternatives.append(rf"(?i:({_TYPE_PREFIX}\.)?({'|'.join(typed)}))")
    return r"(^|/)(" + "|".join(alternatives) + r")$"


_HOOK_FILES = r"^(?P<lead>\s*files:\s*&instance-files\s+).*$"


def with_hook_pattern(text: str) -> str:
    """The text of ``.pre-commit-hooks.yaml`` with its anchored ``files:`` line set to ``hook_pattern()``;
    comments and every other line stay as written. ValueError when the line is not there."""
    updated, count = re.subn(
        _HOOK_FILES, lambda match: match["lead"] + hook_pattern(), text, count=1, flags=re.M
    )
    if count != 1:
        raise ValueError("no 'files: &instance-files ...' line to update")
    return updated


def _main(argv: list[str]) -> int:
    """``--hook-pattern`` prints the hooks' pattern; ``--write [FILE]`` rewrites the hooks file in place."""
    if argv[:1] == ["--hook-pattern"] and len(argv) == 1:
        print(hook_pattern())
        return 0
    if argv[:1] == ["--write"] and len(argv) <= 2:
        from pathlib import Path

        target = Path(argv[1] if len(argv) == 2 else ".pre-commit-hooks.yaml")
        text = target.read_text(encoding="utf-8")
        updated = with_hook_pattern(text)
        if updated != text:
            target.write_text(updated, encoding="utf-8")
            print(f"updated {target}")
        return 0
    print("usage: python -m linter.formats --hook-pattern | --write [HOOKS_FILE]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
