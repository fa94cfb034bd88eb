"""Message templates name a variable's data, never its methods or private attributes."""

from __future__ import annotations

import pytest

from linter.checks.context import CheckError, Context
from linter.model.instance import Instance
from linter.model.paths import Scope


def _context() -> Context:
    variables = {"site": Scope("websites", "eu"), "pair": "sandbox"}
    return Context(Instance("prod", "prod", []), variables=variables)


def test_a_variables_data_is_shown() -> None:
    context = _context()
    assert context.expand("{site}/{site.code}/{pair}") == "websites/eu/eu/sandbox"


@pytest.mark.parametrize("name", ["site.count", "site.index", "site._fields", "pair.upper", "site.nope"])
def test_methods_and_private_names_are_unknown_variables(name: str) -> None:
    with pytest.raises(CheckError, match="unknown variable"):
        _context().expand("{" + name + "}")
