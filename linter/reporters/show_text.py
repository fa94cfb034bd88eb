"""``commerce-lint show`` as text: each path's value at the scope, then the settings that decided it."""

from __future__ import annotations

from collections.abc import Sequence

from linter.model.instance import Instance
from linter.model.paths import Scope
from linter.model.provenance import Provenance, Shown, Step
from linter.textsafe import visible

SHOWN_TEXT = 80  # characters of a value shown; the JSON document carries it whole
# The layer each role is, in words a user knows (a role added later shows as its own name).
LAYERS = {
    "config": "config.php",
    "env": "env.php",
    "config_show": "config:show",
    "variables": "variable",
    "database": "database",
    "module_default": "module default",
}
_STATUS = {
    "decrypted": "ciphertext, decrypted with crypt/key",
    "no_key": "ciphertext, no crypt/key to decrypt it",
    "undecryptable": "ciphertext that does not decrypt",
    "double_encrypted": "encrypted twice",
    "variable_ciphertext": "ciphertext in a variable: Magento does not decrypt it",
    "unsupported": "ciphertext of a legacy cipher",
}


def render(blocks: Sequence[tuple[Instance, Scope, list[Provenance]]]) -> str:
    """The text for each instance, headed by its name and the scopes read; blocks apart by a blank line."""
    return "\n\n".join(_block(instance, scope, values) for instance, scope, values in blocks) + "\n"


def _block(instance: Instance, scope: Scope, values: list[Provenance]) -> str:
    reads = ", then ".join(candidate.label for candidate in instance.fallback(scope))
    lines = [
        f"# instance {visible(instance.name)} ({visible(instance.directory)}) at {scope.label}: reads {reads}"
    ]
    for unread in instance.unreadable:
        lines.append(f"# not read: {visible(unread.label())}: values it would set are missing below")
    if not values:
        lines.append("(no path is set here, or none matches --path)")
    for value in values:
        lines += _value(value)
    return "\n".join(lines)


def _value(entry: Provenance) -> list[str]:
    head = f"{entry.path} = {_shown(entry.value, whole=True)}"
    if entry.inherited:
        head += f"  ({entry.inherited})"
    lines = [visible(head)]
    if entry.note:
        lines.append(f"    note: {visible(entry.note)}")
    if not entry.steps:
        lines.append(
            f"    not set at {', '.join(entry.read)} in any of: {visible(', '.join(entry.consulted))}"
        )
    table = [_columns(step) for step in entry.steps]
    widths = [max(len(row[index]) for row in table) for index in range(5)] if table else []
    for step, columns in zip(entry.steps, table, strict=True):
        text = "  ".join(column.ljust(width) for column, width in zip(columns, widths, strict=True)).rstrip()
        if step.note:
            text += f"  ({step.note})"
        lines.append("    " + visible(text))
    return lines


def _columns(step: Step) -> tuple[str, str, str, str, str]:
    layer = LAYERS.get(step.role, step.role)
    return (step.state, step.scope, layer, _shown(step.value), step.location.label())


def _shown(value: Shown, whole: bool = False) -> str:
    """The value's text; ``whole``: with what a secret's ciphertext is and that a dynamic one is unknown."""
    kind = value.kind
    if kind == "secret":
        status = _STATUS.get(value.status or "") if whole else None
        return f"secret, fingerprint {value.fingerprint}" + (f" ({status})" if status else "")
    if kind == "dynamic":
        shown = f"<dynamic: {value.expression}>"
        return f"{shown} (computed at run time, unknown here)" if whole else shown
    if kind in ("value", "empty"):
        text = value.text or ""
        return f"'{visible(text if len(text) <= SHOWN_TEXT else text[: SHOWN_TEXT - 1] + '…')}'"
    if kind == "unset":
        return "(not set)"
    if kind == "undecided":
        return "(unknown: the store view's website is not known)"
    if kind == "array":
        return "(an array, not a value)"
    return kind  # null
