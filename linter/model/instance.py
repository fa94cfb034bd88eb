"""An instance: the layered files of one Commerce installation, read as Magento resolves them."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from linter.formats import Role
from linter.loaders.db_rows import tables_of
from linter.loaders.document import Position
from linter.location import Location
from linter.model.database import (
    DatabaseView,
    Row,
    UnknownScopeId,
    read_database,
    store_tables,
    table_prefix,
)
from linter.model.defaults import MODULE_DEFAULTS
from linter.model.dynamic import resolved_sources
from linter.model.extract import extract_settings
from linter.model.paths import DEFAULT_SCOPE, Scope, globs_pattern, is_global
from linter.model.reveal import Revealed, looks_encrypted, reveal
from linter.model.sitemap import ADMIN, SiteMap, UnreadScope, merge_respelled, respelled_scopes, written_code
from linter.model.sources import Setting, Source, Unreadable
from linter.model.values import is_blank
from linter.secrets import Scrubber, is_secret_key, is_secret_path

ENV_TYPES = ("production", "staging", "development")
_SETTINGS_ROLES = (Role.CONFIG, Role.ENV)  # the files written as PHP arrays or their dumps


class EffectiveValue:
    """The value Magento would use for ``path`` at ``scope``, and the setting that gave it."""

    # Plain classes, not dataclasses: see DynamicValue in linter/loaders/document.py.
    def __init__(
        self,
        instance: Instance,
        path: str,
        scope: Scope,
        setting: Setting | None,
        default: str | None = None,
    ) -> None:
        self.instance = instance
        self.path = path
        self.scope = scope
        self.setting = setting
        self.default = default

    def _identity(self) -> tuple[Any, ...]:
        return (id(self.instance), self.path, self.scope, id(self.setting), self.default)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, EffectiveValue):
            return NotImplemented
        return self._identity() == other._identity()

    def __hash__(self) -> int:
        return hash(self._identity())

    def __repr__(self) -> str:
        return f"EffectiveValue({self.path!r}, {self.scope!r}, in {self.instance.name!r})"

    @property
    def value(self) -> str | None:
        """The string value (module default when nothing sets the path)."""
        return self.setting.value if self.setting is not None else self.default

    @property
    def is_set(self) -> bool:
        """Set to something other than an empty or blank string (a dynamic value counts as set)."""
        return self.dynamic or not is_blank(self.value)

    @property
    def dynamic(self) -> bool:
        """True when the value is computed at run time and so unknown to commerce-lint."""
        return self.setting is not None and self.setting.dynamic

    @property
    def scoped_path(self) -> str:
        """Scoped form of the path, after the scope that actually set it."""
        if self.setting is not None:
            return self.setting.scoped_path
        return self.path if is_global(self.path) else self.scope.qualify(self.path)

    @property
    def location(self) -> Location | None:
        """Where the value was set, or None for a module default or a missing path."""
        return self.instance.location_of(self.setting) if self.setting is not None else None

    @property
    def revealed(self) -> Revealed:
        """The plaintext behind a stored value, when it can be known."""
        if self.instance.unreadable:
            self.instance.note_decryption(self.value)
        return self._revealed

    @cached_property
    def _revealed(self) -> Revealed:
        return reveal(self.value, self.setting, self.instance.crypt_keys)


class UndecidedValue(EffectiveValue):
    """A store view's value that its website may set, when no site map says which website that is.

    It counts as set and as computed at run time: conditions on it abstain, as on ``getenv()``.
    """

    @property
    def dynamic(self) -> bool:
        """Always: the value cannot be known from these files."""
        return True

    @property
    def value(self) -> str | None:
        """Nothing: the website that would give it is not known."""
        return None

    @property
    def revealed(self) -> Revealed:
        """Unknown, as a value computed at run time is."""
        return Revealed("dynamic")


class Instance:
    """One Commerce installation: its files (lowest layer first) and what is known about it.

    ``unreadable`` names the instance's files that could not be read; while it is not empty, each
    read of a value such a file could set raises ``read_unreadable`` (see ``note_read``), so that a
    rule whose verdict could depend on the missing layer abstains instead of judging what is left.
    """

    unreadable: tuple[Unreadable, ...] = ()
    read_unreadable = False

    def __init__(
        self,
        name: str,
        directory: str,
        sources: list[Source],
        env_type: str | None = None,
        env_type_source: str | None = None,
        project: str | None = None,
        manifest: str | None = None,
    ) -> None:
        self.name = name
        self.directory = directory
        self.sources = resolved_sources(sources)  # getenv() the environment capture tells: known
        self.env_type = env_type
        self.env_type_source = env_type_source
        self.project = project
        self.manifest = manifest
        self._cache: dict[tuple[str, Scope], EffectiveValue] = {}
        self._matching: dict[tuple[tuple[str, ...], frozenset[str], bool], list[Setting]] = {}
        self._sections: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"Instance({self.name!r}, {self.directory!r})"

    @cached_property
    def settings(self) -> list[Setting]:
        """Every setting in every file, lowest layer first (for rules on raw values)."""
        ordered = sorted(self.sources, key=lambda source: source.rank)
        views = self._database_views
        return [
            setting
            for source in ordered
            for setting in (views[id(source)].settings if id(source) in views else extract_settings(source))
        ]

    @cached_property
    def _database_views(self) -> dict[int, DatabaseView]:
        """Each database source's rows at the scopes their ids resolve to (linter/model/database.py)."""
        databases = [source for source in self.sources if source.role == Role.DATABASE]
        if not databases:
            return {}
        file_scopes = self._merged_section("scopes")
        prefix = self.table_prefix
        stores = store_tables(databases, prefix)
        return {id(source): read_database(source, file_scopes, stores, prefix) for source in databases}

    @property
    def table_prefix(self) -> str | None:
        """env.php's ``db/table_prefix`` ('' when it sets none; None without env.php): the tables carry it."""
        env = next((source for source in self.sources if source.role == Role.ENV), None)
        return table_prefix(env.document.data) if env is not None else None

    @property
    def database_read(self) -> bool:
        """True when a database view with ``core_config_data`` is a layer: absence is then a verdict."""
        return any(view.has_config for view in self._database_views.values())

    @cached_property
    def unknown_scope_ids(self) -> list[UnknownScopeId]:
        """``core_config_data`` scope ids naming no website or store view, once each (their rows unread)."""
        return [unknown for view in self._database_views.values() for unknown in view.unknown]

    @cached_property
    def layers_read(self) -> list[str]:
        """The layers this instance was read from, lowest first: ``database (core_config_data.tsv, 412
        rows)``, ``config (app/etc/config.php)``, ...; what a reader should know was not there is said."""
        found: list[str] = []
        for source in sorted(self.sources, key=lambda item: item.rank):
            view = self._database_views.get(id(source))
            if view is None:
                found.append(f"{source.role.value} ({source.file})")
                continue
            tables = ", ".join(tables_of(source.document)) or "no tables"
            notes = [f"{view.rows:,} row{'s' if view.rows != 1 else ''}" if view.has_config else tables]
            if view.unresolved:
                notes.append(f"{view.unresolved:,} website/store rows unread: no store tables")
            found.append(f"database ({source.file}, {'; '.join(notes)})")
        if not self.database_read:
            found.append("no database view: values saved in the Admin are not seen")
        return found

    @cached_property
    def _effective(self) -> dict[tuple[Scope, str], Setting]:
        winner: dict[tuple[Scope, str], Setting] = {}
        for setting in self.settings:
            winner[(setting.scope, setting.path)] = setting
        return self._read_scopes(winner)

    @cached_property
    def site_map(self) -> SiteMap:
        """Which websites and store views exist (``scopes`` in config.php or env.php)."""
        # Not noted as a read of an unreadable file: every value lookup prunes scopes through it, and
        # a default-scope value does not depend on it; a lower layer's value is noted when read.
        scopes = self._merged_section("scopes")
        if not scopes:  # no file lists the site map (or lists it empty): the database's store tables do
            scopes = next((v.scopes for v in self._database_views.values() if v.scopes is not None), None)
        return SiteMap(scopes)

    def _read_scopes(self, winner: dict[tuple[Scope, str], Setting]) -> dict[tuple[Scope, str], Setting]:
        """The winners Magento reads: none at scopes that do not exist, and scopes spelled two ways merged
        as Fallback merges them (see linter/model/sitemap.py)."""
        site_map = self.site_map
        if site_map.websites is None and site_map.stores is None:
            return winner
        dropped = self._respelled | self._dead_scopes
        if not dropped:  # the usual case: nothing to copy
            return winner
        live = {key: setting for key, setting in winner.items() if key[0] not in dropped}
        if self._respelled:
            live.update(merge_respelled(site_map, self._respelled, self.settings)[0])
        return live

    @cached_property
    def _respelled(self) -> set[Scope]:
        return respelled_scopes(self.site_map, self.sources)

    @cached_property
    def _dead_scopes(self) -> set[Scope]:
        """Configured scopes the site map does not list (judged once per scope, not per setting)."""
        site_map = self.site_map
        if site_map.websites is None and site_map.stores is None:
            return set()
        configured = {setting.scope for setting in self.settings}
        return {scope for scope in configured if not site_map.exists(scope.kind, scope.code)}

    @cached_property
    def ignored_settings(self) -> list[Setting]:
        """Settings Magento never reads because their scope is spelled another way that has their section."""
        if not self._respelled:
            return []
        return merge_respelled(self.site_map, self._respelled, self.settings)[1]

    @cached_property
    def unread_scopes(self) -> list[UnreadScope]:
        """Websites and store views configured in some file that the site map does not list, once each."""
        dead = self._dead_scopes
        if not dead:
            return []
        places: dict[Scope, dict[Location, None]] = {}
        seen: set[tuple[Scope, int, str | None]] = set()
        for setting in reversed(self.settings):  # the highest layer first
            scope = setting.scope
            if scope not in dead:
                continue
            key = (scope, id(setting.source), setting.variable)
            if key not in seen:  # one place per file (per variable), not per value under the scope
                seen.add(key)
                places.setdefault(scope, {})[self._scope_place(setting)] = None
        return [UnreadScope(scope.kind, scope.code, tuple(found)) for scope, found in places.items()]

    def settings_matching(
        self, globs: tuple[str, ...], kinds: frozenset[str], every_layer: bool
    ) -> list[Setting]:
        """Settings whose path matches a glob, at the given scope kinds; the winners only unless
        ``every_layer``. Memoized: several rules ask the same question."""
        if self.unreadable and not every_layer:
            self.read_unreadable = True  # the winners may be other settings of the unread file
        key = (globs, kinds, every_layer)
        found = self._matching.get(key)
        if found is None:
            pattern = globs_pattern(globs)
            pool = self.settings if every_layer else list(self._effective.values())
            found = [s for s in pool if s.scope.kind in kinds and pattern.match(s.path)]
            self._matching[key] = found
        return found

    def layers_of(self, path: str, scope: Scope) -> list[Setting]:
        """Every setting of ``path`` at ``scope``, in every layer, lowest first (what a blank winner may
        mask: linter/checks/related.py)."""
        return self._by_path.get((path, scope), [])

    @cached_property
    def _by_path(self) -> dict[tuple[str, Scope], list[Setting]]:
        index: dict[tuple[str, Scope], list[Setting]] = {}
        for setting in self.settings:
            index.setdefault((setting.path, setting.scope), []).append(setting)
        return index

    def section(self, name: str) -> Any:
        """One top-level section of config and env merged as Magento merges them (env wins)."""
        if self.unreadable and name != "crypt":
            # The crypt key is read to hide secrets in any message; what it decides is noted where
            # a value is decrypted (note_decryption).
            self.note_section()
        return self._merged_section(name)

    def _merged_section(self, name: str) -> Any:
        if name not in self._sections:
            merged: dict[str, Any] = {}
            for source in sorted(self.sources, key=lambda item: item.rank):
                if source.role in _SETTINGS_ROLES and name in source.document.data:
                    _replace_recursive(merged, {name: source.document.data[name]})
            self._sections[name] = merged.get(name)
        return self._sections[name]

    @cached_property
    def website_of_store(self) -> dict[str, str]:
        """Store-view code → website code, from the ``scopes`` section (store views with a website)."""
        mapping = self.site_map.store_website or {}
        return {store: website for store, website in mapping.items() if website is not None}

    @cached_property
    def stores_without_known_website(self) -> list[Scope]:
        """Store views whose website no site map names while some website sets a value they could inherit."""
        if self.site_map.store_website is not None or not self._website_paths:
            return []
        return [scope for scope in self.scopes if scope.kind == "stores"]

    @cached_property
    def _website_paths(self) -> frozenset[str]:
        """Paths some website sets: a store view of an unknown website may inherit them."""
        return frozenset(path for scope, path in self._effective if scope.kind == "websites")

    @cached_property
    def scopes(self) -> list[Scope]:
        """Default, then every website, then every store view that exists (the site map's, and any other
        configured where the site map does not list that kind)."""
        websites: set[str] = set()
        stores: set[str] = set()
        for kind, bucket in (("websites", websites), ("stores", stores)):
            bucket.update(code for code in self.site_map.codes(kind) or () if code != ADMIN)
        for scope, _ in self._effective:
            if scope.kind == "websites":
                websites.add(scope.code)
            elif scope.kind == "stores":
                stores.add(scope.code)
        return [
            DEFAULT_SCOPE,
            *(Scope("websites", c) for c in sorted(websites)),
            *(Scope("stores", c) for c in sorted(stores)),
        ]

    def release(self) -> None:
        """Drop every cache: effective values point back at their instance, and breaking those cycles
        lets a checked instance be freed at once instead of by full garbage-collector passes."""
        self._cache.clear()
        self._matching.clear()
        self._sections.clear()
        # Every cached property of the class: a new one is dropped too, without a list to keep up.
        for name, attribute in vars(type(self)).items():
            if isinstance(attribute, cached_property):
                self.__dict__.pop(name, None)
        for source in self.sources:
            source.document.locate = None
            source.document.position_source = None
            source.document.positions = None

    def fallback(self, scope: Scope) -> tuple[Scope, ...]:
        """The scopes Magento reads, in order, for a value at ``scope``."""
        if scope.kind == "stores":
            website = self.website_of_store.get(scope.code)
            if website:
                return (scope, Scope("websites", website), DEFAULT_SCOPE)
            return (scope, DEFAULT_SCOPE)
        if scope.kind == "websites":
            return (scope, DEFAULT_SCOPE)
        return (DEFAULT_SCOPE,)

    def value(self, path: str, scope: Scope = DEFAULT_SCOPE) -> EffectiveValue:
        """The effective value of ``path`` at ``scope`` (global paths read at default)."""
        if is_global(path):
            scope = DEFAULT_SCOPE
        cached = self._cache.get((path, scope))
        if self.unreadable:
            self.note_read(cached.setting if cached is not None else self._winner(path, scope))
        if cached is not None:
            return cached
        effective = self._effective
        found: Setting | None = None
        for candidate in self.fallback(scope):
            found = effective.get((candidate, path))
            if found is not None:
                break
        result = (
            UndecidedValue(self, path, scope, None)
            if self._website_decides(path, scope, found)
            else EffectiveValue(self, path, scope, found, None if found else MODULE_DEFAULTS.get(path))
        )
        self._cache[(path, scope)] = result
        return result

    def location_of(self, setting: Setting) -> Location:
        """File, line and column of a setting (variable name for environment variables, and for a
        ``getenv()`` resolved from the environment capture: ``X from environment.json``)."""
        if isinstance(setting, Row):
            return setting.location
        position: Position | None = setting.source.position(setting.key_path)
        return Location(
            setting.source.file,
            position.line if position else None,
            position.column if position else None,
            setting.variable or _resolved_from(setting),
        )

    def _scope_place(self, setting: Setting) -> Location:
        """Where a setting's scope is written: its variable, or the scope's key in its file."""
        if setting.variable is not None:
            return self.location_of(setting)
        position = setting.source.position(("system", setting.scope.kind, written_code(setting)))
        return Location(
            setting.source.file, position.line if position else None, position.column if position else None
        )

    def _website_decides(self, path: str, scope: Scope, found: Setting | None) -> bool:
        """True when a store view does not set ``path`` itself, a website does, and which website is the
        store view's is not known (no site map): the value cannot be read."""
        return (
            scope.kind == "stores"
            and (found is None or found.scope.kind != "stores")
            and self.site_map.store_website is None
            and path in self._website_paths
        )

    def location_of_key(self, key_path: tuple[str, ...]) -> Location:
        """Where a document key (or its nearest written ancestor) is, in the highest file that has it."""
        for source in sorted(self.sources, key=lambda item: -item.rank):
            if source.role not in _SETTINGS_ROLES:
                continue
            position = source.position(key_path)
            if position is not None and key_path[:1] and key_path[0] in source.document.data:
                return Location(source.file, position.line, position.column)
        return self.primary_location

    @property
    def primary_location(self) -> Location:
        """The instance's main file, for findings about the instance as a whole."""
        ordered = sorted(self.sources, key=lambda item: -item.rank)
        return Location(ordered[0].file if ordered else self.directory, 1, 1)

    @property
    def env_type_known(self) -> bool:
        """True when the environment type came from a manifest, file name or directory name."""
        return self.env_type in ENV_TYPES

    @cached_property
    def crypt_keys(self) -> list[bytes]:
        """The instance's ``crypt/key`` list (empty when unknown); without one, a ``.magento.env.yaml``'s
        ``stage/deploy/CRYPT_KEY``, which ece-tools writes into an env.php that has no key
        (ece-tools ``src/Step/Deploy/SetCryptKey.php``)."""
        crypt = self.section("crypt")
        key = crypt.get("key") if isinstance(crypt, dict) else None
        if not isinstance(key, str) or not key.strip():
            key = self._deploy_crypt_key()
        if not isinstance(key, str) or not key.strip():
            return []
        from linter.crypto import parse_crypt_keys

        return parse_crypt_keys(key)

    def _deploy_crypt_key(self) -> str | None:
        for source in reversed(self.sources):  # the last one's, should several files set it
            if source.document.format == "cloud_env":
                deploy = _mapping(_mapping(source.document.data.get("stage")).get("deploy"))
                key = deploy.get("CRYPT_KEY")
                if key is not None:
                    return key if isinstance(key, str) else None
        return None

    @cached_property
    def scrubber(self) -> Scrubber:
        """Knows every secret value of this instance, to keep them out of any text."""
        scrubber = Scrubber()
        unread = [row for view in self._database_views.values() for row in view.unread]
        for setting in [*self.settings, *unread]:  # rows Magento cannot read still hold secrets
            if setting.value and is_secret_path(setting.path):
                scrubber.add(setting.value)
                if self.crypt_keys and looks_encrypted(setting.value):  # key rules decrypt it anyway
                    plaintext = reveal(setting.value, setting, self.crypt_keys).text
                    if plaintext:
                        scrubber.add(plaintext)
        for source in self.sources:  # secrets outside `system` (crypt/key, db passwords, ...)
            data = source.document.data
            _collect_secret_keys({k: v for k, v in data.items() if k != "system"}, (), scrubber)
        return scrubber

    # ---- files that could not be read: which reads their absence makes uncertain

    def mark_unreadable(self, files: list[Unreadable]) -> None:
        """Record the instance's files that could not be read (the errors are reported elsewhere)."""
        self.unreadable = tuple(files)

    def note_read(self, winner: Setting | None) -> None:
        """A rule read a value: uncertain unless a layer above every unread file sets it (one of the
        same rank might have come later, and won)."""
        if winner is None or winner.source.rank <= max(file.rank for file in self.unreadable):
            self.read_unreadable = True

    def note_section(self) -> None:
        """A rule read a section outside ``system``: only config.php and env.php set those."""
        if any(file.role in _SETTINGS_ROLES for file in self.unreadable):
            self.read_unreadable = True

    def note_decryption(self, value: str | None) -> None:
        """A rule classified a value: ciphertext decrypts with a crypt/key the unread file may hold."""
        if value and looks_encrypted(value):
            self.note_section()

    def _winner(self, path: str, scope: Scope) -> Setting | None:
        for candidate in self.fallback(scope):
            found = self._effective.get((candidate, path))
            if found is not None:
                return found
        return None


def _resolved_from(setting: Setting) -> str | None:
    """The variable that gave a resolved ``getenv()`` its value (a fallback literal names none)."""
    origin = setting.origin if setting.source.origins else None
    return origin.label() if origin is not None and not origin.fallback else None


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _replace_recursive(target: dict[str, Any], source: dict[str, Any]) -> None:
    for key, value in source.items():
        current = target.get(key)
        if isinstance(value, dict) and isinstance(current, dict):
            _replace_recursive(current, value)
        elif isinstance(value, dict):
            target[key] = {}
            _replace_recursive(target[key], value)
        else:
            target[key] = value


def _collect_secret_keys(data: Any, path: tuple[str, ...], scrubber: Scrubber) -> None:
    stack: list[tuple[Any, tuple[str, ...]]] = [(data, path)]
    while stack:
        node, at = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                stack.append((value, (*at, str(key))))
        elif isinstance(node, str) and node and is_secret_key(at):
            scrubber.add(node)
