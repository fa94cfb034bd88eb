"""Arrays Magento writes as lists, read as their keyed form: in PHP, a list is the map 0 => …, 1 => ….

PhpFormatter writes an array whose keys are 0..n-1 without its keys (M2
``lib/internal/Magento/Framework/App/DeploymentConfig/Writer/PhpFormatter.php``): a fresh install's
``scopes.groups`` (keyed by group_id, 0 and 1) comes out as a list and an empty section as ``[]``; a
JSON or YAML export of the same file keeps those shapes. Where Magento reads a keyed array, a list is
the mapping ``{"0": …, "1": …}`` and ``[]`` is ``{}``. Positions stay right: every loader records a
list item under its index.
"""

from __future__ import annotations

from typing import Any

from linter.formats import Role
from linter.loaders.document import Document

# A shape says which nodes are keyed arrays: the node itself, then its children by name ("*" for
# every child). DEEP: this node and every level below it (a config tree is keyed all the way down).
Shape = dict[str, Any] | str
DEEP = "deep"

# Only sections Magento reads as keyed arrays: a real list elsewhere (downloadable_domains,
# http_cache_hosts, admin_user.locale.code) stays a list.
SECTIONS: dict[str, Shape] = {
    "modules": {},  # module name => 0 or 1
    "scopes": {"*": {"*": {}}},  # websites/groups/stores => code or group_id => its fields
    "system": DEEP,  # default, websites => code, stores => code: config trees
    "cache_types": {},  # cache type => 0 or 1
    "db": {"connection": {"*": {}}},
    **{name: {} for name in ("backend", "crypt", "resource", "session", "cache", "queue", "lock")},
    **{name: {} for name in ("install", "directories")},
}


def keyed_form(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with every list that Magento reads as a keyed array turned into its mapping.

    Copies only what changes: ``data`` itself comes back when there is no such list, and the
    loader's data (or a rule example's) is never modified.
    """
    changed: dict[str, Any] | None = None
    for name, shape in SECTIONS.items():
        value = data.get(name)
        if isinstance(value, dict | list):
            if shape == DEEP and isinstance(value, dict) and not _holds_a_list(value):
                continue  # the usual case, and a big one (40,000 store views): only looked through
            keyed = _keyed(value, shape)
            if keyed is not value:
                changed = dict(data) if changed is None else changed
                changed[name] = keyed
    return data if changed is None else changed


def _holds_a_list(tree: dict[str, Any]) -> bool:
    # Level by level, without a call per mapping: a third of the time a recursive walk takes.
    level = [tree]
    while level:
        below = []
        for node in level:
            for value in node.values():
                kind = type(value)
                if kind is dict:
                    below.append(value)
                elif kind is list:
                    return True
        level = below
    return False


def _keyed(node: dict[str, Any] | list[Any], shape: Shape) -> dict[str, Any]:
    mapping = {str(index): item for index, item in enumerate(node)} if isinstance(node, list) else node
    if not shape:  # keyed itself, its children as they are: not even looked at
        return mapping
    copied = mapping is not node
    for key, value in mapping.items():
        if not isinstance(value, dict | list):
            continue
        below = shape if isinstance(shape, str) else shape.get(key, shape.get("*"))
        if below is None:
            continue
        keyed = _keyed(value, below)
        if keyed is not value:
            if not copied:  # the iteration goes on over the original; the copy takes the changes
                mapping, copied = dict(mapping), True
            mapping[key] = keyed
    return mapping


def keyed_document(document: Document, role: str) -> Document:
    """``document`` with its data in keyed form, for the layers written as PHP arrays (config, env)."""
    if role in (Role.CONFIG, Role.ENV):
        document.data = keyed_form(document.data)
    return document
