"""The evaluation context of a check: instance(s), scope, bound variables, and value lookup."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from linter.checks.compiling import SCOPE_ATTRIBUTES
from linter.checks.compiling import VARIABLE as _VAR
from linter.checks.display import shown_value
from linter.loaders.document import DuplicateKey
from linter.model.instance import EffectiveValue, Instance
from linter.model.paths import DEFAULT_SCOPE, Scope
from linter.model.sources import Source
from linter.record import Record
from linter.secrets import SecretText

# What a bound setting offers to templates: ``{setting}`` is its scoped path (see _effective_attribute).
EFFECTIVE_ATTRIBUTES = frozenset({"", "scoped_path", "path", "value", "scope", "file"})


class DuplicateRef(Record):
    """A duplicate key bound by ``for_each: {duplicate_keys: true}``."""

    __slots__ = ("source", "duplicate")

    def __init__(self, source: Source, duplicate: DuplicateKey) -> None:
        self.source = source
        self.duplicate = duplicate

    @property
    def key(self) -> str:
        """The repeated key's dotted path."""
        return ".".join(self.duplicate.path)

    @property
    def first(self) -> int:
        """Line of the first occurrence."""
        return self.duplicate.first.line

    @property
    def second(self) -> int:
        """Line of the occurrence that wins."""
        return self.duplicate.second.line

    @property
    def file(self) -> str:
        """The file that repeats the key."""
        return self.source.file


def _effective_attribute(value: EffectiveValue, attribute: str) -> str:
    if attribute in ("", "scoped_path"):
        return value.scoped_path
    if attribute == "path":
        return value.path
    if attribute == "value":
        return shown_value(value)
    if attribute == "scope":
        return value.setting.scope.label if value.setting else value.scope.label
    if attribute == "file":
        return value.setting.source.file if value.setting else "(not set)"
    raise CheckError(f"unknown attribute .{attribute} (use path, scoped_path, value, scope or file)")


class Unknown(Exception):
    """A condition read a value that is computed at run time; the case abstains."""


class CheckError(Exception):
    """A rule asked for something the engine cannot do (an unknown variable, say)."""


class Context(Record):
    """What a condition sees: the instance (and its before state), the scope and the variables."""

    __slots__ = ("instance", "before", "scope", "variables")

    def __init__(
        self,
        instance: Instance,
        before: Instance | None = None,
        scope: Scope = DEFAULT_SCOPE,
        variables: Mapping[str, Any] = MappingProxyType({}),
    ) -> None:
        self.instance = instance
        self.before = before
        self.scope = scope
        self.variables = variables  # bind() makes a new mapping

    def bind(self, **updates: Any) -> Context:
        """A copy with more variables (a ``scope`` variable also moves the evaluation scope)."""
        variables = {**self.variables, **updates}
        scope = updates["scope"] if isinstance(updates.get("scope"), Scope) else self.scope
        return Context(self.instance, self.before, scope, variables)

    def state(self, which: str | None) -> Instance:
        """The instance in the requested state (``before`` needs a change rule)."""
        if which == "before":
            if self.before is None:
                raise CheckError("'before' is only available to change rules")
            return self.before
        return self.instance

    def expand(self, template: str, shown: bool = False) -> str:
        """Substitute ``{name}`` variables into a path template (``shown``: into a message)."""
        if "{" not in template:
            return template
        return _VAR.sub(lambda match: self.text_of(match.group(1), shown), template)

    def text_of(self, name: str, shown: bool = False) -> str:
        """The text of a variable (``scope`` → its label); ``shown``: a secret as its fingerprint."""
        head, _, attribute = name.partition(".")
        if head not in self.variables:
            if head == "scope" and attribute in SCOPE_ATTRIBUTES:  # the scope being evaluated
                return str(getattr(self.scope, attribute))
            builtin = self.builtin(head) if not attribute else None
            if builtin is None:
                raise CheckError(f"unknown variable {{{name}}}")
            return builtin
        value = self.variables[head]
        if isinstance(value, EffectiveValue):
            return _effective_attribute(value, attribute)
        if isinstance(value, DuplicateRef) and not attribute:
            return value.key
        if attribute:
            # Only data: not a method of the value (str.upper, a record's count) or a private name.
            value = None if attribute.startswith("_") else getattr(value, attribute, None)
            if value is None or callable(value):
                raise CheckError(f"unknown variable {{{name}}}")
        if isinstance(value, Scope):
            return value.label
        if isinstance(value, EffectiveValue):
            return value.scoped_path
        if isinstance(value, SecretText):  # its own str() is the fingerprint
            return str(value) if shown else str.__str__(value)
        return str(value)

    def builtin(self, name: str) -> str | None:
        """Values every template may use: instance, env_type, env_type_source, scope."""
        if name == "instance":
            return self.instance.name
        if name == "env_type":
            return self.instance.env_type or "unknown"
        if name == "env_type_source":
            return self.instance.env_type_source or "not known"
        if name == "scope":
            return self.scope.label
        return None

    def value(self, template: str, state: str | None) -> EffectiveValue:
        """The effective value of a path template in the given state, at the current scope."""
        if template in self.variables and isinstance(self.variables[template], EffectiveValue):
            bound: EffectiveValue = self.variables[template]
            return bound
        return self.state(state).value(self.expand(template), self.scope)
