"""Turn each kind of source into the settings it contributes."""

from __future__ import annotations

from linter.formats import Role
from linter.model.paths import DEFAULT_SCOPE, Scope
from linter.model.sources import Setting, Source, system_settings


def extract_settings(source: Source) -> list[Setting]:
    """The settings a source contributes: ``system`` values, or decoded CONFIG__ variables."""
    if source.document.format == "cloud_env":
        return stage_settings(source)
    if source.role == Role.VARIABLES:
        return variable_settings(source)
    return system_settings(source)


def stage_settings(source: Source) -> list[Setting]:
    """A ``.magento.env.yaml``'s scalar stage variables, as ``stage/<stage>/<NAME>`` settings.

    No config path of Magento's starts with ``stage``, and rules can name these as they name others.
    Mapping values (``DATABASE_CONFIGURATION``) are left to the document."""
    found: list[Setting] = []
    stages = source.document.data.get("stage")
    for stage, variables in (stages if isinstance(stages, dict) else {}).items():
        for name, raw in (variables if isinstance(variables, dict) else {}).items():
            if not isinstance(raw, dict | list):
                key = ("stage", str(stage), str(name))
                found.append(Setting(source, DEFAULT_SCOPE, "/".join(key), raw, key))
    return found


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
