"""Inputs under the size limit finish in bounded time and memory, through the CLI: the shapes that did
not (merge-key bombs, thousands of store views, large dumps, unclosed quotes, deep values)."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.sizes import store_views
from tests.conftest import EXAMPLES
from tests.hardening.test_hostile_inputs import MEMORY_BOUND, _run_with_peak_memory

TIME_BOUND = 30  # seconds, as for the hostile inputs
MIB = 2**20


def _merge_bomb(directory: Path) -> None:
    # Each anchor merges the previous one twice: 2^25 pairs from 932 bytes once expanded.
    lines = ["a0: &a0 {k0: v, k1: v}"]
    lines += [f"a{i}: &a{i} {{<<: [*a{i - 1}, *a{i - 1}], k{i}: v}}" for i in range(1, 25)]
    lines += ["variables:", "  env:", "    <<: [*a24, *a24]", "    CONFIG__DEFAULT__A__B: x"]
    (directory / ".magento.app.yaml").write_text("\n".join(lines) + "\n")


def _alias_bomb_lines() -> list[str]:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    return lines + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]


def _manifest_bomb(directory: Path) -> None:
    (directory / "env.yaml").write_text("system:\n  default:\n    web:\n      secure:\n        use: 1\n")
    (directory / "instance.yaml").write_text("name: big\n" + "\n".join(_alias_bomb_lines()) + "\n")


def _unclosed_quote(directory: Path) -> None:
    # 15 MiB after an opening double quote that nothing closes.
    (directory / ".env").write_text(
        'CONFIG__DEFAULT__WEB__SECURE__USE="' + "abc def\\n" * (15 * MIB // 9) + "\n"
    )


def _deep_environment_json(directory: Path) -> None:
    (directory / "environment.json").write_text(
        '{"CONFIG__DEFAULT__A__B": ' + "[" * 100_000 + "]" * 100_000 + "}"
    )


def _deep_php(directory: Path) -> None:
    etc = directory / "app" / "etc"
    etc.mkdir(parents=True)
    (etc / "env.php").write_text("<?php\nreturn ['a' => " + "[" * 100_000 + "]" * 100_000 + "];\n")


def _deep_app_yaml(directory: Path) -> None:
    (directory / ".magento.app.yaml").write_text(
        "variables:\n  env: " + "{a: " * 100_000 + "}" * 100_000 + "\n"
    )


def _many_unscannable_tags(directory: Path) -> None:
    # Each tag PyYAML cannot scan is repaired by parsing again from the top: 100 of them after 8 MiB.
    lines = ["variables:", "  env:"]
    lines += [
        f"    CONFIG__STORES__S{i}__WEB__UNSECURE__BASE_URL: 'https://s{i}.example.com/'"
        for i in range(100_000)
    ]
    lines += [f"    PDO_{i}: !php/const:\\PDO::MYSQL_ATTR_{i}" for i in range(100)]
    (directory / ".magento.app.yaml").write_text("\n".join(lines) + "\n")


BAD: list[tuple[str, Callable[[Path], None], str, str]] = [
    ("merge-key-bomb", _merge_bomb, ".magento.app.yaml:", "alias"),
    ("manifest-alias-bomb", _manifest_bomb, "instance.yaml:", "alias"),
    ("dotenv-unclosed-quote", _unclosed_quote, ".env:1:", "unterminated"),
    ("environment-json-deep", _deep_environment_json, "environment.json:1:", "array"),
    ("php-deep", _deep_php, "app/etc/env.php:2:", "nesting"),
    ("app-yaml-deep", _deep_app_yaml, ".magento.app.yaml:2:", "nesting"),
    ("app-yaml-many-tags", _many_unscannable_tags, ".magento.app.yaml:", "too many tags"),
]


@pytest.mark.parametrize(("name", "make", "where", "expected"), BAD, ids=[case[0] for case in BAD])
def test_bad_input_is_refused_within_bounds_and_the_fleet_is_still_checked(
    tmp_path: Path, name: str, make: Callable[[Path], None], where: str, expected: str
) -> None:
    fleet = tmp_path / "fleet"
    shutil.copytree(EXAMPLES / "fleet", fleet)
    big = fleet / "big"
    big.mkdir()
    make(big)
    started = time.monotonic()
    done, peak = _run_with_peak_memory("check", str(fleet))
    assert time.monotonic() - started < TIME_BOUND
    assert peak < MEMORY_BOUND, f"{peak / MIB:.0f} MiB"
    assert done.returncode == 2, done.stdout + done.stderr
    errors = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(errors) == 1, done.stderr
    assert f"big/{where}" in errors[0] and expected in errors[0], errors[0]
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    assert "CSC-PRIVATE-KEY-PEM" in done.stdout  # the other instances were checked


def test_alias_bomb_in_the_settings_file_is_refused_within_bounds(tmp_path: Path) -> None:
    settings = tmp_path / "commerce-lint.yaml"
    settings.write_text("\n".join(_alias_bomb_lines()) + "\n")
    started = time.monotonic()
    done, peak = _run_with_peak_memory("check", str(EXAMPLES / "fleet"), "--config", str(settings))
    assert time.monotonic() - started < TIME_BOUND
    assert peak < MEMORY_BOUND, f"{peak / MIB:.0f} MiB"
    assert done.returncode == 2
    assert "commerce-lint.yaml:" in done.stderr and "alias" in done.stderr


@pytest.mark.parametrize(("count", "live_every"), [(4_000, 1), (20_000, 1_000)])
def test_thousands_of_store_views_are_checked_within_bounds(
    tmp_path: Path, count: int, live_every: int
) -> None:
    # A finding on every `live_every`-th store view, each located in a mapping of `count` store views.
    instance = tmp_path / "big"
    instance.mkdir()
    text = store_views(count, live_every)
    (instance / "env.yaml").write_text(text)
    started = time.monotonic()
    done, peak = _run_with_peak_memory("check", str(instance))
    assert time.monotonic() - started < TIME_BOUND
    assert peak < MEMORY_BOUND, f"{peak / MIB:.0f} MiB"
    assert done.returncode == 1, done.stderr
    last = text.splitlines().index(f"    s{count - 1}:") + 13  # its `method: live` line
    assert f"env.yaml:{last}:11: error PS-METHOD-VALUE" in done.stdout
    assert done.stdout.count("error PS-METHOD-VALUE") == count // live_every


def _config_show(directory: Path, size: int) -> None:
    lines: list[str] = []
    written, index = 0, 0
    while written < size:
        line = f"section{index % 40}/group{index // 40 % 400}/field_{index} - value number {index}"
        lines.append(line)
        written += len(line) + 1
        index += 1
    (directory / "config-show.txt").write_text("\n".join(lines) + "\n")


def _long_line(directory: Path, size: int) -> None:
    (directory / "env.yaml").write_text(
        "system:\n  default:\n    design:\n      head: '" + "x" * size + "'\n"
    )


LARGE: list[tuple[str, Callable[[Path, int], None]]] = [
    ("env-yaml-store-views", lambda d, size: (d / "env.yaml").write_text(store_views(size // 400))),
    ("config-show", _config_show),
    ("long-line", _long_line),
]


@pytest.mark.parametrize(("name", "make"), LARGE, ids=[case[0] for case in LARGE])
def test_a_15_mib_input_is_checked_within_bounds(
    tmp_path: Path, name: str, make: Callable[[Path, int], None]
) -> None:
    instance = tmp_path / "big"
    instance.mkdir()
    make(instance, 15 * MIB)
    started = time.monotonic()
    done, peak = _run_with_peak_memory("check", str(instance))
    assert time.monotonic() - started < TIME_BOUND
    assert peak < MEMORY_BOUND, f"{peak / MIB:.0f} MiB"
    assert done.returncode in (0, 1), done.stderr
    assert "1 instance checked" in done.stdout and not done.stderr.strip()
