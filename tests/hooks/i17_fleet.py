"""A throwaway git repository holding a small fleet, its files as Magento writes them, for the CI tests.

Three instances (``fleet/<name>/app/etc/env.php`` with an ``instance.yaml`` manifest), each on its own
data space and clean at every level, so that any finding a test sees comes from the change it makes.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.support.php_writer import php_file

PEM = "-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----\n"
SPACES = {"production": "Production", "staging": "Testing", "dev": "Testing"}
# What a rotated pair and a switched data space look like: the secrets tests look for in every output.
ROTATED_KEY = "prod-api-key-ROTATED-7f3a"
ROTATED_PEM = "Uk9UQVRFRC1QUklWQVRFLUtFWS1mb3ItdGVzdHMtb25seQ=="


def env_php(
    name: str, key: str = "", pem: str = "", space: str = "", project: str = "acme", space_type: str = ""
) -> str:
    """One instance's app/etc/env.php, in PhpFormatter's layout."""
    connector = {
        "services_connector_integration": {
            # One key pair per project, the same on every instance (FLEET-SAME-API-KEYS).
            "production_api_key": key or "acme-prod-api-key-1",
            "production_private_key": PEM.format(body=pem or "QUNNRS1QUklWQVRFLUtFWS0x"),
            "sandbox_api_key": "acme-sandbox-api-key-1",
            "sandbox_private_key": PEM.format(body="QUNNRS1TQU5EQk9YLUtFWS0x"),
        },
        "services_id": {
            "project_id": f"9f0e0000-{project}-4000-8000-000000000001",
            "project_name": f"{project.title()} Commerce",
            "environment_id": space or f"da7a5bac-{name}-0001",
            "environment_name": name.title(),
            "environment": space_type or SPACES.get(name, "Production"),
        },
    }
    return php_file(
        {
            "MAGE_MODE": "production" if name == "production" else "developer",
            "backend": {"frontName": "admin_q3v8"},
            "crypt": {"key": f"base64{name}Q1JZUFQtS0VZLWZvci10ZXN0cy1vbmx5"},
            "db": {
                "table_prefix": "",
                "connection": {
                    "default": {
                        "host": "db.internal",
                        "dbname": "magento",
                        "username": "magento",
                        "password": f"db-password-{name}-9Qx",
                        "active": "1",
                    }
                },
            },
            "system": {"default": {"services_connector": connector}},
        }
    )


def write_instance(
    repo: Path, name: str, folder: str = "fleet", project: str = "acme", **changes: str
) -> Path:
    """Write ``<folder>/<name>`` (its env.php and manifest); ``changes`` as for ``env_php``.

    An instance named other than production, staging or dev is the production instance of ``project``.
    """
    kind = {"staging": "staging", "dev": "development"}.get(name, "production")
    etc = repo / folder / name / "app" / "etc"
    etc.mkdir(parents=True, exist_ok=True)
    (repo / folder / name / "instance.yaml").write_text(
        f"# Facts Magento's own configuration does not record.\nname: {name}\n"
        f"environment_type: {kind}\nproject: {project}\n"
    )
    path = etc / "env.php"
    path.write_text(env_php(name, project=project, **changes))
    return path


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo``; its standard output."""
    environment = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0"}
    done = subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True, env=environment, timeout=120
    )
    return done.stdout


def make_fleet_repo(repo: Path) -> Path:
    """A repository with the three instances committed on ``main``."""
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "ops@example.invalid")
    git(repo, "config", "user.name", "ops")
    git(repo, "config", "commit.gpgsign", "false")
    for name in SPACES:
        write_instance(repo, name)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "the fleet")
    return repo


def rotate_and_switch(repo: Path) -> None:
    """The dangerous change: production's key pair rotated and its data space switched at once."""
    write_instance(repo, "production", key=ROTATED_KEY, pem=ROTATED_PEM, space="da7a5bac-production-0002")
