"""A real MariaDB for the database tests: started once per session on a Unix socket in a temporary
directory (no network), loaded with tests/data/i18_db through the ``mariadb`` client, stopped at the end.

Without the server binaries the tests fail when ``CI`` is set (.ci/run installs mariadb-server) and are
skipped with the reason otherwise, so the summary says they did not run.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "i18_db"
TOOLS = ("mariadbd", "mariadb-install-db", "mariadb", "mariadb-dump")
AUDITOR_PASSWORD = "Aud1tor-only-SELECT-7731"  # a test account's; must never appear in any output
# A database whose core_config_data.value was turned into a BLOB (as some migration tools leave it):
# the one way bytes that are not UTF-8 reach these tables.
LEGACY = b"""
ALTER TABLE core_config_data MODIFY `value` mediumblob DEFAULT NULL COMMENT 'Config Value';
INSERT INTO core_config_data (config_id, scope, scope_id, path, value, updated_at) VALUES
(40, 'default', 0, 'general/store_information/street_line1', X'52756520646520E974E920390D0A',
 '2026-10-01 12:00:00'),
(41, 'default', 0, 'general/store_information/city', _binary 'K\xf6ln', '2026-10-01 12:00:00');
"""


def _missing() -> list[str]:
    found = [tool for tool in TOOLS if shutil.which(tool) or Path("/usr/sbin", tool).exists()]
    return [tool for tool in TOOLS if tool not in found]


def _tool(name: str) -> str:
    return shutil.which(name) or str(Path("/usr/sbin", name))


class Server:
    """The running server: its socket, and the client commands pointed at it."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.socket = str(base / "sock")
        self.general_log = base / "general.log"

    def client(self, *args: str, database: str | None = None, stdin: bytes | None = None) -> bytes:
        """``mariadb ARGS`` as root over the socket; its standard output."""
        command = [_tool("mariadb"), "--no-defaults", f"--socket={self.socket}", "-uroot", *args]
        if database:
            command.append(database)
        done = subprocess.run(command, input=stdin, capture_output=True, timeout=120, check=False)
        if done.returncode:
            raise AssertionError(f"mariadb {args}: {done.stderr.decode(errors='replace')}")
        return done.stdout

    def dump(self, database: str, *options: str) -> bytes:
        """``mariadb-dump OPTIONS DATABASE`` of the four tables."""
        command = [
            _tool("mariadb-dump"),
            "--no-defaults",
            f"--socket={self.socket}",
            "-uroot",
            *options,
            database,
            "core_config_data",
            "store_website",
            "store_group",
            "store",
        ]
        done = subprocess.run(command, capture_output=True, timeout=120, check=False)
        if done.returncode:
            raise AssertionError(f"mariadb-dump: {done.stderr.decode(errors='replace')}")
        return done.stdout

    def dsn(self, database: str = "magento", user: str = "root") -> str:
        return f"mysql://{user}@localhost/{database}?unix_socket={self.socket}"


def _start(base: Path) -> subprocess.Popen[bytes]:
    data = base / "data"
    user = ["--user=root"] if os.geteuid() == 0 else []  # mariadbd refuses to run as root without it
    install = [
        _tool("mariadb-install-db"),
        "--no-defaults",
        f"--datadir={data}",
        "--auth-root-authentication-method=normal",
        "--skip-test-db",
        *user,
    ]
    done = subprocess.run(install, capture_output=True, timeout=300, check=False)
    if done.returncode:
        raise AssertionError(f"mariadb-install-db failed: {done.stderr.decode(errors='replace')[-2000:]}")
    server = subprocess.Popen(
        [
            _tool("mariadbd"),
            "--no-defaults",
            f"--datadir={data}",
            f"--socket={base / 'sock'}",
            f"--pid-file={base / 'pid'}",
            f"--log-error={base / 'error.log'}",
            "--skip-networking",
            "--innodb-buffer-pool-size=16M",
            "--general-log=1",
            f"--general-log-file={base / 'general.log'}",
            *user,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log = (base / "error.log").read_text(errors="replace")[-2000:]
            raise AssertionError(f"mariadbd exited ({server.returncode}): {log}")
        probe = subprocess.run(
            [_tool("mariadb"), "--no-defaults", f"--socket={base / 'sock'}", "-uroot", "-e", "SELECT 1"],
            capture_output=True,
            timeout=30,
            check=False,
        )
        if probe.returncode == 0:
            return server
        time.sleep(0.3)
    server.kill()
    raise AssertionError("mariadbd did not accept connections within 120 s")


@pytest.fixture(autouse=True)
def _no_option_file_of_the_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A DSN without password reads ~/.my.cnf: the tests' must not be the user's."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.fixture(scope="session")
def mariadb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A MariaDB with ``magento`` (tests/data/i18_db/magento.sql), ``legacy`` (the same with a BLOB
    value column and bytes that are not UTF-8) and a user ``auditor`` who may only SELECT the four tables."""
    missing = _missing()
    if missing:
        reason = (
            f"MariaDB is not installed ({', '.join(missing)} missing): the live database tests did not run"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    base = tmp_path_factory.mktemp("mariadb")
    process = _start(base)
    server = Server(base)
    try:
        fixture = (DATA / "magento.sql").read_bytes()
        for database in ("magento", "legacy"):
            server.client("-e", f"CREATE DATABASE {database} CHARACTER SET utf8mb3")
            server.client(database=database, stdin=fixture)
        server.client(database="legacy", stdin=LEGACY)
        grants = "".join(
            f"GRANT SELECT ON magento.{table} TO 'auditor'@'localhost'; "
            for table in ("core_config_data", "store_website", "store_group", "store")
        )
        server.client("-e", f"CREATE USER 'auditor'@'localhost' IDENTIFIED BY '{AUDITOR_PASSWORD}'; {grants}")
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
