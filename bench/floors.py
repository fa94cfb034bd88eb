#!/usr/bin/env python3
"""The floors commerce-lint is measured against: read every input file, or only parse it.

    python bench/floors.py read DIR     # find and read every file's bytes
    python bench/floors.py parse DIR    # ... and parse it: PyYAML's C loader (CSafeLoader) for YAML,
                                        # json.load for JSON, commerce-lint's own loader for PHP

Files are found as commerce-lint finds them: instance.yaml and env.* in each instance directory,
or app/etc/env.php.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from typing import Any

NAMES = ("instance.yaml", "env.yaml", "env.json")


def files(root: str) -> Iterator[str]:
    """Every input file under ``root`` (dot directories skipped)."""
    for current, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            if name in NAMES or (name == "env.php" and current.endswith(os.path.join("app", "etc"))):
                yield os.path.join(current, name)


def parse(path: str, data: bytes) -> Any:
    """Parse one file with the fastest parser its format has."""
    if path.endswith(".json"):
        return json.loads(data)
    if path.endswith(".php"):
        from linter.loaders.php_loader import load_php

        return load_php(data.decode("utf-8"), path).data
    import yaml

    return yaml.load(data, Loader=yaml.CSafeLoader)


def main(argv: list[str]) -> int:
    """Read (and parse) every file; prints the count and total bytes."""
    mode, root = argv
    count = size = 0
    for path in files(root):
        with open(path, "rb") as handle:
            data = handle.read()
        if mode == "parse":
            parse(path, data)
        count += 1
        size += len(data)
    print(f"{count} files, {size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
