"""PHP files under other names (templates, ``env.<word>.php``, any file opening with ``<?php``) are judged
PHP by the registry, and the hooks' pattern is the registry's."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from linter.formats import Recognised, Role, format_by_suffix, format_of_file, format_of_text, template_of


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("env.php.sample", Recognised(Role.ENV, "php", False)),
        ("env.php.dist", Recognised(Role.ENV, "php", False)),
        ("ENV.PHP.DIST", Recognised(Role.ENV, "php", False)),
        ("app/etc/env.php.example", Recognised(Role.ENV, "php", False)),
        ("config.php.dist", Recognised(Role.CONFIG, "php", True)),
        ("env.docker.php", Recognised(Role.ENV, "php", False)),
        ("env.prod.php", Recognised(Role.ENV, "php", False, "production")),
    ],
)
def test_templates_and_other_php_names_are_php(name: str, expected: Recognised) -> None:
    assert template_of(name) == expected
    assert format_by_suffix(name) == "php"


@pytest.mark.parametrize(
    "name", ["env.php", "config.php", "env.php.bak", "env.a.b.php", "myenv.php.dist", "env.php.dist.yaml"]
)
def test_other_names_are_no_template(name: str) -> None:
    assert template_of(name) is None


@pytest.mark.parametrize(
    ("name", "head", "fmt"),
    [
        ("env.php.bak", b"<?php\nreturn [\n", "php"),
        ("backup", b"#!/usr/bin/env php\n<?php\nreturn [];\n", "php"),  # leading text, as PHP allows
        ("dump.json", b"\xef\xbb\xbf<?php\nreturn [];", "php"),
        ("dump.json", b'{"note": "<?php"}', "json"),
        ("dump.yaml", b"system:\n  x: |\n    <?php\n", "yaml"),  # PHP quoted in a dump stays a dump
        ("dump.orig", b"system: {}\n", "yaml"),
        ("capture.txt", b"web/secure/use - 1\n", "yaml"),  # a lone file is env.php-shaped
        ("dump", b"a: 1\n<?phpinfo\n", "yaml"),  # no tag: <?php must end with a space or the line
        ("env.php.dist", b"", "php"),
    ],
)
def test_the_format_of_a_file_named_alone(name: str, head: bytes, fmt: str) -> None:
    assert format_of_text(name, head) == fmt


def test_an_unreadable_file_is_judged_by_its_name() -> None:
    assert format_of_file("/nonexistent/env.php.dist") == "php"
    assert format_of_file("/nonexistent/dump") == "yaml"


def test_a_fifo_is_judged_by_its_name_without_blocking(tmp_path: Path) -> None:
    # Opening a FIFO to sniff it would wait for a writer forever; reading it later is an error instead.
    fifo = tmp_path / "dump"
    os.mkfifo(fifo)
    assert format_of_file(str(fifo)) == "yaml"
    assert format_of_file("/dev/zero") == "yaml"
