"""Settle instance names before checking: a name a manifest or the inventory states twice is an error."""

from __future__ import annotations

from linter.errors import LintError, LoadError
from linter.model.discovery import InstanceSpec, distinct_labels
from linter.model.loading import Reader, instance_name


def settle_names(
    specs: list[InstanceSpec], max_bytes: int, read: Reader, known: list[str | None] | None = None
) -> tuple[list[tuple[str, InstanceSpec]], list[LintError]]:
    """Each spec with the name it is checked under, and an error for each name stated more than once.

    ``known``: each spec's name as ``known_instance_name`` gave it, when the caller has read them.

    Two instances under one name would be merged in every report (one of them would vanish from
    the audit), so both are still checked, each under its name plus its distinct path.
    """
    if known is None:
        names = [instance_name(spec, max_bytes, read) for spec in specs]
    else:  # the names the caller already read (a manifest is read once)
        names = [name or spec.name for name, spec in zip(known, specs, strict=True)]
    groups: dict[str, list[int]] = {}
    for index, name in enumerate(names):
        groups.setdefault(name, []).append(index)
    settled = list(zip(names, specs, strict=True))
    errors: list[LintError] = []
    for name, members in groups.items():
        if len(members) < 2:
            continue
        directories = [specs[index].directory for index in members]
        labels = distinct_labels(directories)
        renamed = [f"{name} ({label})" for label in labels]
        for index, new in zip(members, renamed, strict=True):
            settled[index] = (new, specs[index].replace(name=new, stated=True))
        places = " and ".join(directories)
        manifest = specs[members[-1]].manifest  # where the repeated name is written, when it is
        errors.append(
            LoadError(
                f"{len(members)} instances are named {name!r} ({places}); each is checked under its own "
                f"name ({', '.join(repr(new) for new in renamed)}): give them distinct names",
                manifest.display if manifest is not None else None,
            )
        )
    return settled, errors
