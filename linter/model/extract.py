"""Turn each kind of source into the settings it contributes."""

from __future__ import annotations

from linter.formats import Role
from linter.model.paths import Scope
from linter.model.sources import Setting, Source, system_settings


def extract_settings(source: Source) -> list[Setting]:
    """The settings a source contributes: ``system`` values, or decoded CONFIG__ variables."""
    if source.role == Role.VARIABLES:
        return variable_settings(source)
    return system_settings(source)


def variable_settings(source: Source) -> list[Setting]:
    """Settings from ``CONFIG__<SCOPE>__...`` environment variables (names decoded as Magento does)."""
    from linter.loaders.envvars import decode_config_variable

    found: list[Setting] = []
    for name, raw in source.document.data.items():
        decoded = decode_config_variable(str(name))
        if decoded is None:
            continue
        kind, code, path = decoded
        scope = Scope(kind, code or "")
        found.append(Setting(source, scope, path, raw, (str(name),), variable=str(name)))
    return found
