"""The show renderers are generic over layers: a database row shows by its role and location alone."""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft202012Validator

from linter.location import Location
from linter.model.paths import Scope
from linter.model.provenance import Provenance, Shown, Step
from linter.reporters import show_json, show_text
from tests.model.instances import load
from tests.model.scopes_fixtures import config_php, site_map

ROOT = Path(__file__).resolve().parents[2]
EU = Scope("websites", "eu")
PATH = "payment/payment_methods/method"


def _entry() -> Provenance:
    row = Location("core_config_data", variable="websites/eu, config_id 1234")
    config = Location("app/etc/config.php", 118, 21)
    steps = (
        Step("websites/eu", "database", row, Shown("value", text="production"), "wins"),
        Step("default", "config", config, Shown("value", text="sandbox"), "masked"),
        Step(
            "default",
            "reservoir",
            Location("somewhere"),
            Shown("secret", fingerprint="0123abcd", status="plain"),
            "masked",
        ),
    )
    return Provenance(
        PATH, "websites/eu", steps[0].value, "websites/eu", None, ("websites/eu", "default"), steps
    )


def test_a_database_row_and_an_unknown_layer_render_in_text(tmp_path: Path) -> None:
    instance = load(
        tmp_path / "shop", {"app/etc/config.php": config_php(site_map({"base": "Main", "eu": "EU"}))}
    )
    text = show_text.render([(instance, EU, [_entry()])])
    lines = text.splitlines()
    assert lines[1] == f"{PATH} = 'production'"
    assert lines[2].split() == [
        "wins",
        "websites/eu",
        "database",
        "'production'",
        "core_config_data",
        "(websites/eu,",
        "config_id",
        "1234)",
    ]
    assert lines[3].split() == ["masked", "default", "config.php", "'sandbox'", "app/etc/config.php:118:21"]
    assert lines[4].split()[:3] == ["masked", "default", "reservoir"]  # a layer added later: its own name
    assert "fingerprint 0123abcd" in lines[4]


def test_a_database_row_renders_in_json_that_validates(tmp_path: Path) -> None:
    instance = load(
        tmp_path / "shop", {"app/etc/config.php": config_php(site_map({"base": "Main", "eu": "EU"}))}
    )
    document = json.loads(show_json.render([(instance, EU, [_entry()])], []))
    schema = json.loads((ROOT / "schemas" / "show.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator(schema).validate(document)
    (value,) = document["instances"][0]["values"]
    row = value["chain"][0]
    assert row["layer"] == "database"
    assert row["location"]["label"] == "core_config_data (websites/eu, config_id 1234)"
    assert value["chain"][2]["value"] == {"kind": "secret", "fingerprint": "0123abcd", "status": "plain"}
