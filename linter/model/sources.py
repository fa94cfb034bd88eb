"""A loaded input file in its role within an instance, and the settings it contributes."""

from __future__ import annotations

import sys
from typing import Any

from linter.formats import Role
from linter.loaders.document import Document, DynamicValue, KeyPath, Position
from linter.model.paths import DEFAULT_SCOPE, Scope
from linter.model.shapes import keyed_document
from linter.model.values import config_string
from linter.record import Record

# Layer ranks, lowest precedence first (domain.md §b): database < config.php < env.php < CONFIG__ variables.
RANK: dict[str, int] = {
    Role.DATABASE: 5,
    Role.CONFIG: 10,
    Role.ENV: 20,
    Role.CONFIG_SHOW: 25,
    Role.VARIABLES: 30,
}
# Among the variables, .magento.app.yaml's are beaten by the Cloud Console's, and a capture of the
# running process (environment.json, .env) holds the platform's merge of both (domain.md §e, "Cloud
# precedence"; CLOUD store/store-settings.md:55-60): the committed file ranks below the capture.
FORMAT_RANK: dict[str, int] = {"cloud_app": 28}


def layer_rank(role: str, format: str) -> int:
    """Precedence of a file of this role and format when layering: higher wins."""
    return FORMAT_RANK.get(format, RANK[role]) if role == Role.VARIABLES else RANK[role]


class Origin(Record):
    """Where a dynamic value was resolved from (linter.model.dynamic): the variable or the fallback."""

    __slots__ = ("variable", "file", "fallback")

    def __init__(self, variable: str, file: str, fallback: bool) -> None:
        self.variable = variable  # the last variable read: the one that decided
        self.file = file  # the capture that named it
        self.fallback = fallback  # the expression's own literal was used (the variable was empty or '0')

    def label(self) -> str:
        """``X from environment.json``, or ``fallback, X empty or 0 in environment.json``."""
        if self.fallback:
            return f"fallback, {self.variable} empty or 0 in {self.file}"
        return f"{self.variable} from {self.file}"


class Unreadable(Record):
    """An input file of the instance that could not be read: the layer it would have been."""

    __slots__ = ("file", "line", "role", "rank")

    def __init__(self, file: str, line: int | None, role: str, rank: int) -> None:
        self.file = file
        self.line = line
        self.role = role
        self.rank = rank

    def label(self) -> str:
        """``app/etc/env.php:3``."""
        return f"{self.file}:{self.line}" if self.line else self.file


class Source:
    """One input file of an instance.

    ``role`` is its layer (a ``Role``: config, env, variables, config_show). ``shared`` says whether the
    file belongs in source control (config.php, .magento.app.yaml) as opposed to a local file.
    """

    # Plain classes, not dataclasses: see DynamicValue in linter/loaders/document.py.
    __slots__ = ("checksum", "document", "env_type_hint", "origins", "role", "shared")

    def __init__(
        self,
        document: Document,
        role: Role,
        shared: bool,
        env_type_hint: str | None = None,
        checksum: str = "",
    ) -> None:
        self.document = keyed_document(document, role)  # PhpFormatter's lists as the maps they are
        self.role = role
        self.shared = shared
        self.env_type_hint = env_type_hint
        self.checksum = checksum
        # key path -> where a dynamic value resolved from (linter.model.dynamic); None: none resolved
        self.origins: dict[KeyPath, Origin] | None = None

    def __repr__(self) -> str:
        return f"Source({self.document.file!r}, {self.role!r})"

    @property
    def file(self) -> str:
        """The file's display path."""
        return self.document.file

    @property
    def rank(self) -> int:
        """Precedence when layering: higher wins."""
        return layer_rank(self.role, self.document.format)

    def position(self, key_path: KeyPath) -> Position | None:
        """Where a key sits in this file (or its nearest ancestor)."""
        return self.document.position(key_path)


class Setting:
    """One value as written in one file: the scope and path it sets, and where.

    ``value`` is the string Magento would read (``raw`` is the value as the file writes it).
    """

    __slots__ = ("_key_path", "_under", "path", "raw", "scope", "source", "value", "variable")

    def __init__(
        self,
        source: Source,
        scope: Scope,
        path: str,
        raw: Any,
        key_path: KeyPath,
        variable: str | None = None,
        under: bool = False,
    ) -> None:
        """``under``: ``key_path`` is only the head, to which the path's segments are added when asked."""
        self.source = source
        self.scope = scope
        self.path = path
        self.raw = raw
        self._key_path = key_path
        self._under = under
        self.variable = variable
        self.value: str | None = config_string(raw)

    @property
    def key_path(self) -> KeyPath:
        """The keys that lead to the value in its file."""
        if self._under:
            # Built on demand: a tuple per setting was 15% of a large dump's memory.
            return (*self._key_path, *self.path.split("/"))
        return self._key_path

    def __repr__(self) -> str:
        return f"Setting({self.scope!r}, {self.path!r}, in {self.source.file!r})"

    @property
    def scoped_path(self) -> str:
        """The path in scoped form: ``websites/eu/payment/payment_methods/method``."""
        return self.scope.qualify(self.path)

    @property
    def dynamic(self) -> bool:
        """True when the file computes the value at run time (``getenv('X')``): it is set, but unknown."""
        return isinstance(self.raw, DynamicValue)

    @property
    def origin(self) -> Origin | None:
        """Where a value the file computes was resolved from (an ``Origin``), or None."""
        origins = self.source.origins
        return origins.get(self.key_path) if origins else None


def system_settings(source: Source) -> list[Setting]:
    """Flatten the ``system`` section of an env.php/config.php-shaped document."""
    system = source.document.data.get("system")
    if not isinstance(system, dict):
        return []
    found: list[Setting] = []
    default = system.get("default")
    if isinstance(default, dict):
        _flatten(source, DEFAULT_SCOPE, default, ("system", "default"), (), found)
    for kind in ("websites", "stores"):
        codes = system.get(kind)
        if not isinstance(codes, dict):
            continue
        for code, tree in codes.items():
            if isinstance(tree, dict):
                _flatten(source, Scope(kind, str(code).lower()), tree, ("system", kind, str(code)), (), found)
    return found


def _flatten(
    source: Source,
    scope: Scope,
    tree: dict[str, Any],
    head: KeyPath,
    prefix: tuple[str, ...],
    found: list[Setting],
) -> None:
    stack: list[tuple[dict[str, Any], tuple[str, ...]]] = [(tree, prefix)]
    while stack:
        node, segments = stack.pop()
        for key, value in node.items():
            path = (*segments, str(key))
            if isinstance(value, dict):
                if value:
                    stack.append((value, path))
                continue
            # One string per distinct path: 40,000 store views repeat the same dozen paths.
            joined = sys.intern("/".join(path))
            if len(path) == joined.count("/") + 1:  # no key holds a '/': the path gives them back
                found.append(Setting(source, scope, joined, value, head, under=True))
            else:
                found.append(Setting(source, scope, joined, value, (*head, *path)))
