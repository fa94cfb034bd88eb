"""Masking: an ``''`` or ``null`` at a higher layer or a more specific scope that hides a value below.

Shared by the related places of a finding (linter/checks/related.py) and the ``{absent:PATH}``
placeholder (linter/checks/templates.py), so both say the same thing about the same value.
"""

from __future__ import annotations

from linter.model.instance import EffectiveValue, Instance
from linter.model.sources import Setting
from linter.model.values import is_blank


def masked_by(value: EffectiveValue) -> Setting | None:
    """The setting an ``''`` or ``null`` winner hides: the value Magento would read without it."""
    setting = value.setting
    if setting is None or setting.dynamic or not is_blank(setting.value):
        return None
    chain = value.instance.fallback(value.scope)
    if setting.scope not in chain:
        return None
    # The scopes from the blank's own one down to default: a value there would win but for the blank.
    for scope in chain[chain.index(setting.scope) :]:
        below = [
            candidate
            for candidate in value.instance.layers_of(value.path, scope)
            if candidate is not setting
            and (scope != setting.scope or candidate.source.rank < setting.source.rank)
        ]
        for candidate in sorted(below, key=lambda item: -item.source.rank):  # the highest layer first
            if candidate.dynamic or not is_blank(candidate.value):
                return candidate
    return None


def blank_name(setting: Setting) -> str:
    """How a blank value is written: ``null``, ``''`` or "a blank string"."""
    if setting.raw is None:
        return "null"
    return "''" if setting.value == "" else "a blank string"


def where_set(instance: Instance, setting: Setting) -> str:
    """``in FILE:LINE`` (with its variable, and its scope when not default): where a setting is set."""
    place = instance.location_of(setting)
    text = f"in {place.file}:{place.line}" if place.line else f"in {place.file}"
    if place.variable:
        text += f" ({place.variable})"
    return f"at {setting.scope.label} {text}" if setting.scope.kind != "default" else text
