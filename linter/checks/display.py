"""How values appear in messages: secrets only ever as fingerprints."""

from __future__ import annotations

from linter.model.instance import EffectiveValue
from linter.secrets import capped, fingerprint, is_secret_path, masked_expression


def fingerprint_of(value: EffectiveValue) -> str:
    """The fingerprint of the value Magento uses (the plaintext when it is known)."""
    if value.dynamic:
        return "(computed at run time)"
    revealed = value.revealed
    text = revealed.text if revealed.text is not None else value.value
    return fingerprint(text.strip()) if text else "(not set)"


def shown_value(value: EffectiveValue) -> str:
    """A value fit for a message: the text, or a fingerprint for secret paths."""
    if value.dynamic and value.setting is not None:
        raw = value.setting.raw
        if is_secret_path(value.path):  # its literal parts may be the key itself: `getenv('X') ?: '...'`
            return f"<dynamic: {masked_expression(raw.expression)}>"
        return f"<dynamic: {capped(raw.expression)}>"  # a concatenation may be megabytes long
    if not value.is_set:
        return "(not set)" if value.value is None else "(empty)"
    if is_secret_path(value.path):
        return fingerprint_of(value)
    assert value.value is not None
    text = value.value.strip()
    return text if len(text) <= 80 else text[:77] + "..."
