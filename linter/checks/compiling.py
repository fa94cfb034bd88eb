"""What compiling a rule's check needs: the compiled form, its error, and the variables at each key.

Compiled checks are built from few record classes: each ``NamedTuple`` class costs a pre-commit run
about 0.1 ms to create at start-up, so compiled conditions and iterators share ``Compiled``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from linter.record import Record

KeyPath = tuple[str, ...]

# A variable in a path or message template: ``{name}`` or ``{name.attribute}`` (Context.expand reads it).
VARIABLE = re.compile(r"\{([A-Za-z_][\w.]*)\}")
# What every instance-side template may name besides its rule's variables.
BUILTINS = ("instance", "env_type", "env_type_source", "scope")
# What a scope (the builtin one, or one a for_each binds) offers to templates: {scope.kind}, ...
SCOPE_ATTRIBUTES = frozenset({"kind", "code", "label"})


class Compiled(Record):
    """A compiled condition or iterator: a module-level function and its compiled argument.

    Immutable, compared by value, and sent to worker processes as it is (the function by name).
    """

    __slots__ = ("function", "argument")

    def __init__(self, function: Callable[[Any, Any], Any], argument: Any) -> None:
        self.function = function
        self.argument = argument

    def __call__(self, subject: Any) -> Any:
        return self.function(self.argument, subject)


class CompileError(Exception):
    """A rule's check asks for something that does not exist; ``path`` is the offending key."""

    def __init__(self, message: str, path: KeyPath) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


class Names:
    """The variables a template may use at one place in a check, each with the attributes it has.

    ``trusted``: the check passed these tests before (its file's validated data came from the rule
    cache, which holds only files that compiled), so they are skipped.
    """

    __slots__ = ("builtins", "trusted", "variables")

    def __init__(
        self,
        variables: Mapping[str, frozenset[str]],
        builtins: tuple[str, ...] = BUILTINS,
        trusted: bool = False,
    ) -> None:
        self.variables = variables
        self.builtins = builtins
        self.trusted = trusted

    def bind(self, name: str, attributes: frozenset[str] = frozenset()) -> Names:
        """These names and one more (which hides a builtin of the same name)."""
        return Names({**self.variables, name: attributes}, self.builtins, self.trusted)

    def check_variable(self, name: str, where: KeyPath) -> None:
        """Raise CompileError unless ``{name}`` (``head.attribute``) means something here."""
        head, dot, attribute = name.partition(".")
        if head in self.variables:
            if not dot or attribute in self.variables[head]:
                return
        elif head in self.builtins and (not dot or (head == "scope" and attribute in SCOPE_ATTRIBUTES)):
            return
        raise CompileError(f"unknown variable {{{name}}} (known here: {self.known()})", where)

    def check_template(self, template: str, where: KeyPath) -> None:
        """Every ``{variable}`` of a path or message template is known."""
        if self.trusted or "{" not in template:
            return
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
