"""Why a path has its value at a scope: the setting that won, the ones it masked, and where each is.

``commerce-lint show`` reads this. The chain is generic over layers: each step is a role (the layer:
config, env, config_show, variables, database), a ``Location`` and a note, so a layer added later
(a ``core_config_data`` row, whose location reads ``core_config_data (websites/eu, config_id 12)``)
shows without a change here. Values of secret paths are fingerprints only; the value's text never
enters a record of this module.
"""

from __future__ import annotations

from linter.errors import UsageError
from linter.formats import Role
from linter.location import Location
from linter.model.defaults import MODULE_DEFAULTS
from linter.model.instance import Instance, UndecidedValue
from linter.model.paths import DEFAULT_SCOPE, Scope, globs_pattern, is_global
from linter.model.reveal import reveal
from linter.model.sources import Setting
from linter.model.values import is_blank
from linter.record import Record
from linter.secrets import capped, fingerprint, is_secret_path, masked_expression
from linter.textsafe import visible

SCOPE_KINDS = ("websites", "stores")
MODULE_DEFAULT_ROLE = "module_default"  # config.xml: no file of the instance, the module's own default
_NO_DATABASE = "not in these files; the database (core_config_data) was not read and may hold it"


class Shown(Record):
    """A value as it may be shown: its kind, and its text unless it is a secret.

    ``kind``: ``value``, ``empty`` (a blank string), ``null``, ``array`` (not a string: Magento reads
    no value there), ``secret`` (``fingerprint`` only),
    ``dynamic`` (``expression``: the PHP that computes it, its literals hidden on a secret path),
    ``unset`` (nothing sets it) or ``undecided`` (a store view's website is not known). ``status``
    says what a secret's stored text is (plain, decrypted, no_key, ...: see linter/model/reveal.py).
    """

    __slots__ = ("kind", "text", "fingerprint", "expression", "status")

    def __init__(
        self,
        kind: str,
        text: str | None = None,
        fingerprint: str | None = None,
        expression: str | None = None,
        status: str | None = None,
    ) -> None:
        self.kind = kind
        self.text = text
        self.fingerprint = fingerprint
        self.expression = expression
        self.status = status


class Step(Record):
    """One setting of the path on the way to its value: where it is, what it holds, and its part.

    ``state``: ``wins`` (Magento reads it), ``masked`` (a setting above it or at a nearer scope wins)
    or ``ignored`` (Magento never reads it: its scope is spelled another way that has its section).
    """

    __slots__ = ("scope", "role", "location", "value", "state", "note")

    def __init__(
        self, scope: str, role: str, location: Location, value: Shown, state: str, note: str | None = None
    ) -> None:
        self.scope = scope
        self.role = role
        self.location = location
        self.value = value
        self.state = state
        self.note = note


class Provenance(Record):
    """The effective value of ``path`` at ``scope`` and the chain of settings that decided it.

    ``decided_at`` is the scope whose setting won (None when nothing sets the path); ``inherited``
    says so in words when it is not ``scope`` ("inherited from website eu", "inherited from default").
    ``read`` lists the scopes Magento reads, nearest first; ``steps`` the settings of those scopes,
    nearest scope and highest layer first; ``consulted`` the files of the instance when nothing is set.
    """

    __slots__ = ("path", "scope", "value", "decided_at", "inherited", "read", "steps", "note", "consulted")

    def __init__(
        self,
        path: str,
        scope: str,
        value: Shown,
        decided_at: str | None,
        inherited: str | None,
        read: tuple[str, ...],
        steps: tuple[Step, ...],
        note: str | None = None,
        consulted: tuple[str, ...] = (),
    ) -> None:
        self.path = path
        self.scope = scope
        self.value = value
        self.decided_at = decided_at
        self.inherited = inherited
        self.read = read
        self.steps = steps
        self.note = note
        self.consulted = consulted


def parse_scope(text: str, instance: Instance) -> Scope:
    """``default``, ``websites/CODE`` or ``stores/CODE`` as a scope of ``instance``; a usage error
    naming the scopes it has otherwise (codes are matched as Magento stores them: lower case)."""
    text = text.strip()
    if text == "default":
        return DEFAULT_SCOPE
    kind, _, code = text.partition("/")
    if kind not in SCOPE_KINDS or not code or "/" in code:
        raise UsageError(f"--scope {_quoted(text)}: use default, websites/CODE or stores/CODE")
    scope = Scope(kind, code.lower())
    known = [known.code for known in instance.scopes if known.kind == kind]
    if scope.code not in known:
        what = "website" if kind == "websites" else "store view"
        listed = ", ".join(visible(name) for name in known) if known else "none"
        raise UsageError(
            f"--scope {_quoted(text)}: instance {visible(instance.name)} has no {what} {_quoted(code)} "
            f"(known {kind}: {listed})"
        )
    return scope


def path_patterns(patterns: tuple[str, ...]) -> tuple[str, ...]:
    """The globs ``--path`` values mean: each as written, and everything below it (a section or group
    such as ``services_connector`` or ``services_connector/*`` stands for every path under it)."""
    globs: list[str] = []
    for pattern in patterns:
        pattern = pattern.strip().strip("/")
        if not pattern or any(char.isspace() or not char.isprintable() for char in pattern):
            raise UsageError(
                f"--path {_quoted(pattern)}: expected a config path or glob such as payment/*/active"
            )
        globs.append(pattern)
        globs.append(f"{pattern[:-1]}**" if pattern.endswith("/*") else f"{pattern}/**")
    return tuple(globs)


def shown_paths(instance: Instance, scope: Scope, patterns: tuple[str, ...] = ()) -> list[str]:
    """The paths that have a value at ``scope`` (set at a scope it reads), sorted; only those matching
    ``patterns`` (see ``path_patterns``) when given. A full path (section/group/field, no wildcard) is
    shown even when nothing sets it: the answer to "why is it not set" is the list of files consulted."""
    read = set(instance.fallback(scope))
    found = {
        setting.path
        for setting in instance.settings
        if setting.scope in read or (setting.scope == DEFAULT_SCOPE and is_global(setting.path))
    }
    if patterns:
        matcher = globs_pattern(path_patterns(patterns))
        found = {path for path in found if matcher.match(path)}
        for pattern in patterns:
            literal = pattern.strip().strip("/")
            below = f"{literal}/"
            if "*" not in literal and literal.count("/") >= 2 and not any(p.startswith(below) for p in found):
                found.add(literal)  # a full path (section/group/field) nothing sets
    return sorted(found)


def effective_configuration(
    instance: Instance, scope: Scope, patterns: tuple[str, ...] = ()
) -> list[Provenance]:
    """Every shown path's provenance at ``scope`` (see ``shown_paths``), in path order."""
    index = SettingIndex(instance)  # one pass over the settings, not one per path
    return [provenance(instance, path, scope, index) for path in shown_paths(instance, scope, patterns)]


class SettingIndex:
    """The instance's settings by path, and which of them Magento ignores (built once per listing)."""

    __slots__ = ("by_path", "ignored")

    def __init__(self, instance: Instance) -> None:
        self.by_path: dict[str, list[Setting]] = {}
        for setting in instance.settings:
            self.by_path.setdefault(setting.path, []).append(setting)
        self.ignored = {id(setting) for setting in instance.ignored_settings}


def provenance(instance: Instance, path: str, scope: Scope, index: SettingIndex | None = None) -> Provenance:
    """The effective value of ``path`` at ``scope`` and every setting of the scopes Magento reads for it."""
    index = index or SettingIndex(instance)
    asked = scope
    if is_global(path):
        scope = DEFAULT_SCOPE  # connector and SaaS settings are read at default only
    effective = instance.value(path, scope)
    read = instance.fallback(scope)
    winner = effective.setting
    ignored = index.ignored
    ranked = {candidate: number for number, candidate in enumerate(read)}
    chain = [setting for setting in index.by_path.get(path, ()) if setting.scope in ranked]
    if winner is not None and all(setting is not winner for setting in chain):
        chain.append(winner)
    chain.sort(key=lambda setting: (ranked.get(setting.scope, len(read)), -setting.source.rank))
    steps = [_step(instance, setting, winner, ignored) for setting in chain]
    note = _mask_note(instance, winner, chain, ignored)
    read_labels = tuple(candidate.label for candidate in read)
    if isinstance(effective, UndecidedValue):
        note = (
            f"store view {scope.code} inherits from its website, and no site map (scopes in config.php) "
            "says which website that is"
        )
        return Provenance(path, asked.label, Shown("undecided"), None, None, read_labels, tuple(steps), note)
    if winner is None:
        default = MODULE_DEFAULTS.get(path)
        consulted = tuple(source.file for source in sorted(instance.sources, key=lambda item: item.rank))
        if default is not None:
            value = _shown_text(path, default)
            module = Step("default", MODULE_DEFAULT_ROLE, Location("config.xml"), value, "wins")
            note = "no file of the instance sets it: the module's default (config.xml)"
            return Provenance(path, asked.label, value, None, None, read_labels, (module,), note, consulted)
        # A files-only view says "not in these files", never "not configured" (domain.md §e, the database).
        note = None if any(source.role == Role.DATABASE for source in instance.sources) else _NO_DATABASE
        return Provenance(path, asked.label, Shown("unset"), None, None, read_labels, (), note, consulted)
    decided = winner.scope
    inherited = None if decided == asked else f"inherited from {_scope_words(decided)}"
    if scope != asked and decided == DEFAULT_SCOPE:
        inherited = "a global path: Magento reads it at default only"
    value = _shown(instance, winner)
    return Provenance(path, asked.label, value, decided.label, inherited, read_labels, tuple(steps), note)


def _step(instance: Instance, setting: Setting, winner: Setting | None, ignored: set[int]) -> Step:
    location = instance.location_of(setting)
    if setting is winner:
        state, note = "wins", None
    elif id(setting) in ignored:
        state = "ignored"
        note = f"not read: {setting.scope.label} is spelled another way that sets section {_section(setting)}"
    else:
        state, note = "masked", None  # by the step that wins, listed with it
    origin = setting.origin if setting.source.origins else None
    if origin is not None:  # the location names the variable; say that the file computes the value
        resolved = "computed at run time" + (" (the expression's fallback)" if origin.fallback else "")
        note = f"{resolved}; {note}" if note else resolved
    return Step(
        setting.scope.label, str(setting.source.role), location, _shown(instance, setting), state, note
    )


def _mask_note(
    instance: Instance, winner: Setting | None, chain: list[Setting], ignored: set[int]
) -> str | None:
    """What a blank or null winner hides: "'' in app/etc/env.php:42 masks the value set in
    app/etc/config.php:118" (the nearest value below it: the one Magento would read without the mask)."""
    if winner is None or winner.dynamic or not is_blank(winner.value):
        return None
    for setting in chain:
        if setting is winner or id(setting) in ignored:
            continue
        if setting.dynamic or not is_blank(setting.value):
            blank = "null" if winner.value is None else repr(winner.value)
            here = instance.location_of(winner).label()
            return f"{blank} in {here} masks the value set in {instance.location_of(setting).label()}"
    return None


def _shown(instance: Instance, setting: Setting) -> Shown:
    """How one setting's value may be shown (secrets by fingerprint, of the plaintext when it decrypts)."""
    secret = is_secret_path(setting.path)
    if setting.dynamic:
        expression = str(setting.raw.expression)
        return Shown("dynamic", expression=masked_expression(expression) if secret else capped(expression))
    value = setting.value
    if value is None:
        return Shown("null") if setting.raw is None else Shown("array")
    if not secret or is_blank(value):
        return _shown_text(setting.path, value)
    revealed = reveal(value, setting, instance.crypt_keys)
    text = revealed.text if revealed.text is not None else value
    return Shown("secret", fingerprint=fingerprint(text.strip()), status=revealed.status)


def _shown_text(path: str, value: str) -> Shown:
    if is_blank(value):
        return Shown("empty", text=value)
    if is_secret_path(path):
        return Shown("secret", fingerprint=fingerprint(value.strip()), status="plain")
    return Shown("value", text=value)


def _scope_words(scope: Scope) -> str:
    if scope.kind == "default":
        return "default"
    return f"{'website' if scope.kind == 'websites' else 'store view'} {scope.code}"


def _section(setting: Setting) -> str:
    return setting.path.split("/", 1)[0]


def _quoted(text: str) -> str:
    return f"'{visible(text)}'"
