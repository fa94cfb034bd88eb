"""No output format ever contains key material; outputs do not depend on file-system order or --jobs."""

from __future__ import annotations

import io
import shutil
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.catalog.loader import load_catalog
from linter.engine import RunOptions, run
from linter.model.discovery import discover
from linter.reporters import REPORTERS, build_reporter
from tests.conftest import EXAMPLES, run_cli
from tests.support.php_writer import php_file

CATALOG = load_catalog()
# A marker prefix keeps a random value from colliding with the output's own vocabulary
# ("physicalLoca" is a substring of SARIF); the rest is arbitrary key material.
_MATERIAL = st.text(alphabet=string.ascii_letters + string.digits + "+/=", min_size=12, max_size=40).map(
    lambda text: "Qz7" + text
)


def _all_outputs(fleet: Path) -> str:
    result = run(discover([str(fleet)]), CATALOG, RunOptions(jobs=1))
    outputs = []
    for name in sorted(REPORTERS):
        buffer = io.StringIO()
        build_reporter(name)(result, buffer)
        outputs.append(buffer.getvalue())
    return "\n".join(outputs)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(api=_MATERIAL, body=_MATERIAL, crypt=_MATERIAL, password=_MATERIAL, swapped=st.booleans())
def test_random_key_material_never_appears_in_any_format(
    tmp_path_factory: pytest.TempPathFactory, api: str, body: str, crypt: str, password: str, swapped: bool
) -> None:
    fleet = tmp_path_factory.mktemp("fleet")
    pem = f"-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----\n"
    keys = {
        "production_api_key": pem if swapped else api,
        "production_private_key": api if swapped else pem,
        "sandbox_api_key": api + "\n",
        "sandbox_private_key": pem.replace("\n", "\\n"),
    }
    for name, kind in (("production", "Production"), ("staging", "Production")):
        (fleet / name / "app" / "etc").mkdir(parents=True)
        data = {
            "crypt": {"key": crypt},
            "db": {"connection": {"default": {"password": password}}},
            "system": {
                "default": {
                    "services_connector": {
                        "services_connector_integration": keys,
                        "services_id": {"environment": kind},
                    }
                },
                "websites": {"eu": {"services_connector": {"services_connector_integration": keys}}},
            },
        }
        (fleet / name / "app" / "etc" / "env.php").write_text(php_file(data))
        (fleet / name / "config.yaml").write_text(
            f"system:\n  default:\n    services_connector:\n      services_connector_integration:\n"
            f"        production_private_key: '{body}'\n"
        )
    output = _all_outputs(fleet)
    for secret in (api, body, crypt, password):
        assert secret not in output


def test_output_does_not_depend_on_file_system_order_or_jobs(tmp_path: Path) -> None:
    # Two copies of the same fleet, with instance directories created in opposite orders.
    names = [f"stg{i:02d}" for i in range(20)]
    for label, order in (("a", names), ("b", list(reversed(names)))):
        for name in order:
            shutil.copytree(EXAMPLES / "fleet" / "staging", tmp_path / label / "fleet" / name)
        shutil.copytree(EXAMPLES / "fleet" / "production", tmp_path / label / "fleet" / "production")
    outputs = set()
    for label in ("a", "b"):
        for jobs in ("1", "2"):
            for fmt in ("json", "sarif"):
                done = run_cli("check", "fleet", "--format", fmt, "--jobs", jobs, cwd=tmp_path / label)
                assert done.returncode == 1
                # SARIF names the root it resolves paths against (originalUriBaseIds): the copy's folder.
                outputs.add((fmt, done.stdout.replace((tmp_path / label).as_uri() + "/", "file:///ROOT/")))
    assert len(outputs) == 2  # one JSON and one SARIF document, byte-identical across order and jobs
