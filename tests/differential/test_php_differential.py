"""The PHP reader against real PHP: every PHP fixture and a few hundred generated files, value for value.

One ``php`` process includes every file (``evaluate.php``) and prints what it returned with its
types (int or string keys, int or float, the bytes of strings); the reader must give the same
values in the same key order, or fail where PHP fails. Dynamic values are not compared (PHP runs
``getenv()``; the reader keeps the expression). Without ``php`` the test is skipped with its reason
(``pytest -rs``), and fails in CI (``CI`` set), where ``.ci/run`` installs it.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import struct
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from linter.errors import LoadError
from linter.loaders.document import DynamicValue
from linter.loaders.php_loader import load_php
from linter.loaders.php_tokens import int_key
from linter.loaders.reading import read_text
from tests.differential.php_cases import generate

ROOT = Path(__file__).resolve().parents[2]
EVALUATE = Path(__file__).with_name("evaluate.php")
SEED = int(os.environ.get("COMMERCE_LINT_PHP_SEED", "20261201"))
COUNT = 400
DYNAMIC = ("dynamic",)


def _php() -> str:
    found = shutil.which("php")
    if found is None:
        reason = (
            "php is not on PATH: the differential test against real PHP did not run (apt install php-cli)"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def _has_pdo_mysql(php: str) -> bool:
    probe = subprocess.run(
        [php, "-r", "echo defined('PDO::MYSQL_ATTR_SSL_CA') ? 'yes' : 'no';"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    return probe.stdout.strip() == "yes"


def _fixtures() -> list[tuple[str, bytes]]:
    """The repository's PHP files and the PHP files rule examples carry."""
    found = [
        (str(path.relative_to(ROOT)), path.read_bytes())
        for folder in ("examples", "tests")
        for path in sorted((ROOT / folder).rglob("*.php"))
        if path.name != EVALUATE.name
    ]
    for rule in sorted((ROOT / "rules").rglob("*.yaml")):
        stack: list[Any] = [yaml.safe_load(rule.read_text(encoding="utf-8"))]
        count = 0
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, str) and item.lstrip().startswith("<?php"):
                count += 1
                found.append((f"{rule.relative_to(ROOT)}#{count}", item.encode("utf-8")))
    return found


def _evaluate(php: str, paths: list[Path]) -> dict[str, dict[str, Any]]:
    """What PHP returns for each file, in one process; restarted after a file that kills it."""
    results: dict[str, dict[str, Any]] = {}
    pending = [str(path) for path in paths]
    while pending:
        done = subprocess.run(
            [php, "-d", "display_errors=stderr", str(EVALUATE)],
            input="\n".join(pending) + "\n",
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        for line in done.stdout.splitlines():
            entry = json.loads(line)
            results[entry["path"]] = entry
        left = [path for path in pending if path not in results]
        if left and left[0] == pending[0]:  # this file stopped PHP before it printed anything
            results[left[0]] = {"error": f"php stopped: {done.stderr.strip()[-300:]}"}
            left = left[1:]
        pending = left
    return results


def _from_php(encoded: list[Any]) -> Any:
    kind = encoded[0]
    if kind == "a":
        return [(_php_key(key), _from_php(value)) for key, value in encoded[1]]
    if kind == "s":
        return bytes.fromhex(encoded[1])
    if kind == "i":
        return int(encoded[1])
    if kind == "f":
        return struct.unpack(">d", bytes.fromhex(encoded[1]))[0]
    if kind == "b":
        return bool(encoded[1])
    if kind == "n":
        return None
    return ("object", encoded[1])


def _php_key(key: list[str]) -> int | bytes:
    return int(key[1]) if key[0] == "i" else bytes.fromhex(key[1])


def _from_reader(value: Any) -> Any:
    """The reader's data in the same form: ordered (key, value) pairs, keys as PHP makes them."""
    if isinstance(value, DynamicValue):
        return DYNAMIC
    if isinstance(value, dict):
        return [(_reader_key(key), _from_reader(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [(index, _from_reader(item)) for index, item in enumerate(value)]
    if isinstance(value, str):
        return value.encode("utf-8", "surrogateescape")
    return value


def _reader_key(key: str) -> int | bytes:
    number = int_key(key)
    return number if number is not None else key.encode("utf-8", "surrogateescape")


def _differences(php: Any, reader: Any, path: str = "") -> list[str]:
    if reader == DYNAMIC:
        return []
    if isinstance(php, list) and isinstance(reader, list):
        php_keys, reader_keys = [key for key, _ in php], [key for key, _ in reader]
        if php_keys != reader_keys:
            return [f"{path or '/'}: keys {php_keys!r} (PHP) != {reader_keys!r} (reader)"]
        found: list[str] = []
        for (key, php_item), (_, reader_item) in zip(php, reader, strict=True):
            found += _differences(php_item, reader_item, f"{path}/{key!r}")
        return found
    if type(php) is float and type(reader) is float:
        same = (math.isnan(php) and math.isnan(reader)) or struct.pack(">d", php) == struct.pack(">d", reader)
    else:
        same = type(php) is type(reader) and php == reader
    return [] if same else [f"{path or '/'}: {php!r} (PHP) != {reader!r} (reader)"]


def _read(path: Path) -> tuple[Any, str | None]:
    try:
        document = load_php(read_text(path, path.name, exact=True), path.name)
    except LoadError as error:
        return None, error.one_line()
    return _from_reader(document.data), None


def _compare(php: str, cases: list[tuple[str, bytes]], work: Path) -> tuple[list[str], int]:
    """Every disagreement between PHP and the reader, and how many files both read alike."""
    paths = []
    for index, (_, content) in enumerate(cases):
        path = work / f"case-{index:04d}.php"
        path.write_bytes(content)
        paths.append(path)
    evaluated = _evaluate(php, paths)
    problems: list[str] = []
    agreed = 0
    for (name, _), path in zip(cases, paths, strict=True):
        result = evaluated[str(path)]
        ours, error = _read(path)
        php_value = _from_php(result["ok"]) if "ok" in result else None
        if php_value is not None and not isinstance(php_value, list):
            php_value, result = None, {"error": f"returns {php_value!r}, not an array"}
        if php_value is None and error is not None:
            pass  # both refuse the file: agreed, but it proves little
        elif php_value is None:
            # A run-time failure in a part the reader keeps as dynamic (an undefined function) is no
            # disagreement; a parse error or a failure in the literal part is.
            if result["error"].startswith(("ParseError", "php stopped")) or not _has_dynamic(ours):
                problems.append(f"{name} ({path.name}): PHP fails ({result['error']}), the reader reads it")
        elif error is not None:
            problems.append(f"{name} ({path.name}): PHP reads it, the reader fails: {error}")
        else:
            found = _differences(php_value, ours)
            problems += [f"{name} ({path.name}) {difference}" for difference in found[:3]]
            agreed += not found
    return problems, agreed


def _has_dynamic(value: Any) -> bool:
    if value == DYNAMIC:
        return True
    return isinstance(value, list) and any(_has_dynamic(item) for _, item in value)


def test_the_reader_reads_every_php_fixture_as_php_does(tmp_path: Path) -> None:
    php = _php()
    fixtures = _fixtures()
    assert len(fixtures) >= 6, "the repository's PHP fixtures were not found"
    problems, agreed = _compare(php, fixtures, tmp_path)
    assert not problems, "\n".join(problems)
    assert agreed == len(fixtures)  # each one read, and read alike


def test_the_reader_reads_generated_files_as_php_does(tmp_path: Path) -> None:
    php = _php()
    mysql = _has_pdo_mysql(php)
    print(f"differential seed {SEED} (replay: COMMERCE_LINT_PHP_SEED={SEED}), pdo_mysql: {mysql}")
    cases = generate(SEED, COUNT, mysql)
    problems, agreed = _compare(php, cases, tmp_path)
    assert not problems, f"seed {SEED}:\n" + "\n".join(problems[:40])
    # Most files must be read by both and compared: files both refuse prove little.
    assert agreed >= COUNT * 0.9, f"only {agreed} of {COUNT} files compared: the generator lost its way"


def test_php_has_pdo_mysql_for_the_mysql_constants() -> None:
    php = _php()
    if not _has_pdo_mysql(php):
        reason = "php has no pdo_mysql: \\PDO::MYSQL_ATTR_* cases were not compared (apt install php-mysql)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


# What makes a generated value dynamic: the environment, variables, casts, Magento's BP, or a float
# concatenated (PHP's float-to-string is not modelled). Anything else the reader must fold, or the
# comparison above would skip a value the reader gave up on.
_DYNAMIC_MARKERS = ("getenv", "$", "(int)", "BP", "1.5")


def _unexplained(value: Any) -> list[str]:
    stack, found = [value], []
    while stack:
        item = stack.pop()
        if isinstance(item, DynamicValue):
            if not any(marker in item.expression for marker in _DYNAMIC_MARKERS):
                found.append(item.expression)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def test_the_reader_folds_every_generated_literal_expression(tmp_path: Path) -> None:
    cases = generate(SEED, COUNT, mysql=True)
    given_up: list[str] = []
    for name, content in cases:
        path = tmp_path / f"{name}.php"
        path.write_bytes(content)
        try:
            document = load_php(read_text(path, path.name, exact=True), path.name)
        except LoadError:
            continue
        given_up += [f"{name}: {expression}" for expression in _unexplained(document.data)]
    assert not given_up, f"seed {SEED}:\n" + "\n".join(given_up[:20])
