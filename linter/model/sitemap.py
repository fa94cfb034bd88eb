"""The site map: which websites and store views exist, read from ``scopes`` as Magento's Fallback reads it.

Magento builds configuration only for the websites and stores that exist (``Fallback::prepareWebsitesConfig``
and ``prepareStoresConfig`` in app/code/Magento/Store/Model/Config/Processor/Fallback.php iterate the
site map); ``app:config:import`` deletes those config.php no longer lists (module-store
``Model/Config/Importer/Processor/Delete.php``). Without a site map, which ones exist is not known.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from linter.formats import Role
from linter.location import Location
from linter.model.paths import Scope
from linter.model.sources import Setting, Source
from linter.record import Record

# Magento's admin website and store view (id 0) always exist: the database cannot lose them.
ADMIN = "admin"


def _entries(value: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(code, entry) of a ``scopes`` bucket, keyed by code or written as a list (groups by group_id)."""
    pairs = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, entry in pairs:
        if isinstance(entry, dict):
            code = entry.get("code")
            # Fallback reads the entry's own code; the key is the same in every dump Magento writes.
            yield (code if isinstance(code, str) and code else str(key)), entry


def _bucket(value: Any) -> bool:
    return isinstance(value, dict | list)


class SiteMap:
    """Websites and store views by lower-case code, each with its code as the site map spells it.

    ``websites``/``stores`` is None when the site map does not list that kind (then nothing is known
    about it); ``store_website`` maps a store view to its website's lower-case code, or to None when its
    ``website_id`` names no website (Magento then reads it over default alone). It is None unless both
    kinds are listed.
    """

    __slots__ = ("store_website", "stores", "websites")

    def __init__(self, scopes: Any) -> None:
        section = scopes if isinstance(scopes, dict) else {}
        self.websites = self._codes(section.get("websites"))
        self.stores = self._codes(section.get("stores"))
        self.store_website: dict[str, str | None] | None = None
        if self.websites is not None and self.stores is not None:
            by_id = {
                str(entry.get("website_id")): code.lower()
                for code, entry in _entries(section.get("websites"))
            }
            self.store_website = {
                code.lower(): by_id.get(str(entry.get("website_id")))
                for code, entry in _entries(section.get("stores"))
            }

    @staticmethod
    def _codes(value: Any) -> dict[str, str] | None:
        if not _bucket(value):
            return None
        codes = {ADMIN: ADMIN}
        codes.update((code.lower(), code) for code, _ in _entries(value))
        return codes

    def codes(self, kind: str) -> dict[str, str] | None:
        """Lower-case code → code as spelled, for ``websites`` or ``stores``; None when not listed."""
        return self.websites if kind == "websites" else self.stores if kind == "stores" else None

    def exists(self, kind: str, code: str) -> bool:
        """False only for a website or store view the site map lists no such code for (any case)."""
        codes = self.codes(kind)
        return codes is None or code.lower() in codes

    def spelling(self, kind: str, code: str) -> str | None:
        """The code as the site map spells it (``EU_Site`` for ``eu_site``), or None when not known."""
        codes = self.codes(kind)
        return codes.get(code.lower()) if codes is not None else None


class UnreadScope(Record):
    """A website or store view that some file configures but the site map does not list: never read.

    Also a ``core_config_data`` scope id that names no website or store view (linter/model/database.py):
    then ``code`` is the id as written, ``places`` are its rows and ``rows`` names them for a message.
    """

    __slots__ = ("kind", "code", "places", "rows")

    def __init__(self, kind: str, code: str, places: tuple[Location, ...], rows: str = "") -> None:
        self.kind = kind  # "websites" or "stores" (or, for a database row, the scope as written)
        self.code = code  # lower case (a database row's scope id)
        self.places = places  # where it is configured, the highest layer first
        self.rows = rows

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """``websites/eu``: the scope as finding paths name it."""
        return f"{self.kind}/{self.code}"

    @property
    def noun(self) -> str:
        """``website``, ``store view``, or the scope as written for one Magento does not know."""
        if self.kind in ("websites", "stores"):
            return "website" if self.kind == "websites" else "store view"
        return f"scope {self.kind!r}"


def written_code(setting: Setting) -> str:
    """The scope code as the setting's file spells it (a variable's is lower case, as Magento reads it)."""
    if setting.variable is None:
        key_path = setting.key_path
        if len(key_path) > 2 and key_path[0] == "system":
            return str(key_path[2])
    return setting.scope.code


def respelled_scopes(site_map: SiteMap, sources: list[Source]) -> set[Scope]:
    """Scopes some file or variable spells differently from the site map (``eu_site`` for ``EU_Site``).

    Read from the documents' keys, not from every setting: a dump of 40,000 store views is cheap here.
    """
    found: set[Scope] = set()
    for source in sources:
        data = source.document.data
        if source.role == Role.VARIABLES:
            from linter.loaders.envvars import decode_config_variable

            pairs: Iterator[tuple[str, str]] = (
                (decoded[0], decoded[1] or "")
                for decoded in map(decode_config_variable, map(str, data))
                if decoded is not None and decoded[0] != "default"
            )
        else:
            system = data.get("system")
            buckets = system if isinstance(system, dict) else {}
            pairs = (
                (kind, str(code))
                for kind in ("websites", "stores")
                if isinstance(buckets.get(kind), dict)
                for code in buckets[kind]
            )
        for kind, code in pairs:
            codes = site_map.websites if kind == "websites" else site_map.stores
            spelled = codes.get(code.lower()) if codes is not None else None
            if spelled is not None and spelled != code:
                found.add(Scope(kind, code.lower()))
    return found


def merge_respelled(
    site_map: SiteMap, scopes: set[Scope], settings: list[Setting]
) -> tuple[dict[tuple[Scope, str], Setting], list[Setting]]:
    """The values Magento reads at scopes written under several spellings, and the settings it ignores.

    ``Fallback::getConfigsByNonStandardCodes()`` joins the tree under the site map's spelling with the
    tree under another spelling by PHP's ``+`` (array union) on sections: a section the first has wins
    whole, and the other's keys in it are ignored. With several other spellings, the last one is used.
    ``settings`` are in layer order, lowest first; each spelling's tree is merged over layers first.
    """
    trees: dict[Scope, dict[str, dict[str, Setting]]] = {}
    for setting in settings:
        if setting.scope in scopes:
            spellings = trees.setdefault(setting.scope, {})
            spellings.setdefault(written_code(setting), {})[setting.path] = setting
    read: dict[tuple[Scope, str], Setting] = {}
    ignored: list[Setting] = []
    for scope, spellings in trees.items():
        spelled = site_map.spelling(scope.kind, scope.code)
        own = spellings.get(spelled or "", {})
        read.update(((scope, path), setting) for path, setting in own.items())
        sections = {path.split("/", 1)[0] for path in own}
        others = [code for code in spellings if code != spelled]
        for code in others:
            for path, setting in spellings[code].items():
                if code == others[-1] and path.split("/", 1)[0] not in sections:
                    read[(scope, path)] = setting
                else:
                    ignored.append(setting)
    return read, ignored
