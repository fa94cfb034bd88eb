"""What compiling a rule's check needs: the error it raises and the variables known at each key."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

KeyPath = tuple[str, ...]

# A variable in a path or message template: ``{name}`` or ``{name.attribute}`` (Context.expand reads it).
VARIABLE = re.compile(r"\{([A-Za-z_][\w.]*)\}")
# What every instance-side template may name besides its rule's variables.
BUILTINS = ("instance", "env_type", "env_type_source", "scope")


class CompileError(Exception):
    """A rule's check asks for something that does not exist; ``path`` is the offending key."""

    def __init__(self, message: str, path: KeyPath) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


class Names(NamedTuple):
    """The variables a template may use at one place in a check, each with the attributes it has."""

    variables: Mapping[str, frozenset[str]]
    builtins: tuple[str, ...] = BUILTINS

    def bind(self, name: str, attributes: frozenset[str] = frozenset()) -> Names:
        """These names and one more (which hides a builtin of the same name)."""
        return Names({**self.variables, name: attributes}, self.builtins)

    def check_variable(self, name: str, where: KeyPath) -> None:
        """Raise CompileError unless ``{name}`` (``head.attribute``) means something here."""
        head, dot, attribute = name.partition(".")
        if head in self.variables:
            if not dot or attribute in self.variables[head]:
                return
        elif head in self.builtins and not dot:
            return
        raise CompileError(f"unknown variable {{{name}}} (known here: {self.known()})", where)

    def check_template(self, template: str, where: KeyPath) -> None:
        """Every ``{variable}`` of a path or message template is known."""
        for match in VARIABLE.finditer(template):
            self.check_variable(match.group(1), where)

    def check_bound(self, name: str, where: KeyPath) -> None:
        """``var: name`` names a variable the rule binds (a builtin is no value to test)."""
        if name not in self.variables:
            known = ", ".join(sorted(self.variables)) or "none"
            raise CompileError(f"unknown variable {name!r} (the rule binds: {known})", where)

    def known(self) -> str:
        """The names, for an error message."""
        names = sorted({*self.variables, *self.builtins})
        return ", ".join("{" + name + "}" for name in names) or "none"
