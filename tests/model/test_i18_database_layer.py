"""The database layer in the model: where it ranks, how scope ids resolve, what a row is to a finding."""

from __future__ import annotations

import pickle

from linter.crypto import encrypt, parse_crypt_keys
from linter.model.database import UnknownScopeId
from linter.model.paths import DEFAULT_SCOPE, Scope
from tests.model.i18_database import (
    API_KEY,
    CONFIG_COLUMNS,
    CRYPT_KEY,
    INTEGRATION,
    NEW_CRYPT_KEY,
    PEM_CRLF,
    PEM_LF,
    ciphertext,
    database,
    env_php,
    instance,
)

METHOD = "payment/payment_methods/method"
CONFIG_PHP = (
    "<?php\n"
    "return [\n"
    "    'system' => [\n"
    "        'default' => [\n"
    "            'payment' => [\n"
    "                'payment_methods' => [\n"
    "                    'method' => 'production'\n"
    "                ]\n"
    "            ]\n"
    "        ]\n"
    "    ]\n"
    "];\n"
)


def test_files_override_the_database_and_the_database_overrides_module_defaults() -> None:
    rows = [
        ("11", "default", "0", METHOD, "sandbox", "2026-11-02 10:11:12"),
        ("12", "default", "0", "payment/payment_services/active", "1", "2026-11-02 10:11:12"),
    ]
    shop = instance(database(rows), config=CONFIG_PHP, env=env_php())
    assert shop.value(METHOD).value == "production"  # config.php beats the row
    assert shop.value(METHOD).location is not None
    assert shop.value(METHOD).location.file == "app/etc/config.php"
    active = shop.value("payment/payment_services/active")
    assert active.value == "1" and active.location is not None
    assert (active.location.file, active.location.line) == ("core_config_data.tsv", 3)
    # every layer keeps the row under the file that masks it
    layers = [s.source.role.value for s in shop.settings if s.path == METHOD]
    assert layers == ["database", "config"]


def test_a_database_value_beats_the_module_default() -> None:
    without = instance(None, env=env_php())
    assert without.value(METHOD).value == "sandbox" and without.value(METHOD).setting is None
    shop = instance(database([("3", "default", "0", METHOD, "production", None)]), env=env_php())
    assert shop.value(METHOD).value == "production"


def test_scope_ids_resolve_through_the_store_tables_and_the_database_site_map_is_used() -> None:
    rows = [
        ("20", "websites", "1", METHOD, "production", "2026-11-02 10:11:12"),
        ("21", "stores", "1", "general/locale/code", "en_GB", "2026-11-02 10:11:12"),
    ]
    shop = instance(database(rows), env=env_php())
    assert shop.site_map.websites == {"admin": "admin", "base": "base"}
    assert Scope("websites", "base") in shop.scopes and Scope("stores", "default") in shop.scopes
    # the store view's website is known from the store table: it inherits base's value
    assert shop.value(METHOD, Scope("stores", "default")).value == "production"
    assert shop.value(METHOD, DEFAULT_SCOPE).value == "sandbox"
    assert shop.value("general/locale/code", Scope("stores", "default")).value == "en_GB"
    assert shop.unknown_scope_ids == []


def test_config_php_scopes_win_over_the_store_tables_for_the_site_map() -> None:
    config = (
        "<?php\n"
        "return [\n"
        "    'scopes' => [\n"
        "        'websites' => [\n"
        "            'admin' => ['website_id' => '0', 'code' => 'admin', 'name' => 'Admin'],\n"
        "            'eu' => ['website_id' => '1', 'code' => 'eu', 'name' => 'EU'],\n"
        "        ],\n"
        "        'stores' => [\n"
        "            'admin' => ['store_id' => '0', 'code' => 'admin', 'website_id' => '0'],\n"
        "            'de' => ['store_id' => '1', 'code' => 'de', 'website_id' => '1'],\n"
        "        ],\n"
        "    ],\n"
        "];\n"
    )
    shop = instance(
        database([("20", "websites", "1", METHOD, "production", None)]), config=config, env=env_php()
    )
    assert shop.site_map.websites == {"admin": "admin", "eu": "eu"}
    # id 1 is eu by config.php, which app:config:import makes the tables follow
    assert shop.value(METHOD, Scope("websites", "eu")).value == "production"
    assert shop.value(METHOD, Scope("stores", "de")).value == "production"


def test_provenance_names_the_row() -> None:
    rows = [("1234", "websites", "1", METHOD, "production", "2026-11-02 14:03:11")]
    shop = instance(database(rows), env=env_php())
    setting = shop.value(METHOD, Scope("websites", "base")).setting
    assert setting is not None
    assert setting.provenance == "core_config_data (websites/base, config_id 1234, updated 2026-11-02)"
    live = instance(database(rows, file="core_config_data", columns=CONFIG_COLUMNS), env=env_php())
    place = live.value(METHOD, Scope("websites", "base")).location
    row_name = "core_config_data websites/base, config_id 1234, updated 2026-11-02"
    assert place is not None and place.label() == f"core_config_data:2 ({row_name})"
    bare = instance(database([("default", "0", METHOD, "x")], columns=("scope", "scope_id", "path", "value")))
    row = bare.value(METHOD).setting
    assert row is not None and row.provenance == "core_config_data (default)"


def test_a_null_row_at_a_website_masks_the_default_row() -> None:
    rows = [("1", "default", "0", METHOD, "production", None), ("2", "websites", "1", METHOD, None, None)]
    shop = instance(database(rows), env=env_php())
    value = shop.value(METHOD, Scope("websites", "base"))
    assert value.value is None and not value.is_set


def test_unknown_scope_ids_are_reported_once_each_and_their_rows_are_not_read() -> None:
    rows = [
        ("1234", "websites", "3", METHOD, "production", "2026-11-02 14:03:11"),
        ("1235", "websites", "3", "payment/payment_services/active", "1", "2026-11-02 14:03:11"),
        ("1236", "stores", "9", "general/locale/code", "de_DE", None),
        ("1237", "website", "1", METHOD, "production", None),  # a scope Magento has no resolver for
        ("1238", "websites", "1", METHOD, "sandbox", None),
    ]
    shop = instance(database(rows), env=env_php())
    found = {(u.kind, u.code): u for u in shop.unknown_scope_ids}
    assert sorted(found) == [("stores", "9"), ("website", "1"), ("websites", "3")]
    website = found[("websites", "3")]
    assert website.noun == "website" and found[("website", "1")].noun == "scope 'website'"
    assert (
        website.rows
        == "config_id 1234 (payment/payment_methods/method), config_id 1235 (payment/payment_services/active)"
    )
    assert [(p.file, p.line) for p in website.places] == [
        ("core_config_data.tsv", 2),
        ("core_config_data.tsv", 3),
    ]
    assert website.places[0].note is None
    assert website.places[1].variable == "core_config_data websites/3, config_id 1235, updated 2026-11-02"
    assert website.places[1].note == "another row of websites id 3"
    assert all(s.scope.code not in ("3", "9") for s in shop.settings)
    assert shop.value(METHOD, Scope("websites", "base")).value == "sandbox"
    assert shop.unread_scopes == []


def test_an_unknown_scope_id_survives_another_process() -> None:
    rows = [("7", "websites", "3", METHOD, "production", None)]
    unknown = instance(database(rows), env=env_php()).unknown_scope_ids[0]
    copy = pickle.loads(pickle.dumps(unknown))
    assert isinstance(copy, UnknownScopeId) and copy == unknown and copy.places == unknown.places
    other = UnknownScopeId("stores", "3", unknown.places, unknown.rows)
    assert other != unknown and hash(other) != hash(unknown)


def test_many_named_rows_are_counted_not_listed() -> None:
    rows = [(str(100 + n), "stores", "5", f"design/theme/field_{n}", "x", None) for n in range(8)]
    unknown = instance(database(rows), env=env_php()).unknown_scope_ids
    assert len(unknown) == 1 and unknown[0].rows.endswith("and 3 more") and len(unknown[0].places) == 8


def test_without_store_tables_or_scopes_website_rows_are_unread_not_accused() -> None:
    rows = [
        ("1", "default", "0", METHOD, "production", None),
        ("2", "websites", "1", METHOD, "sandbox", None),
    ]
    shop = instance(database(rows, store_tables=False), env=env_php())
    assert shop.unknown_scope_ids == []
    assert shop.value(METHOD).value == "production"
    assert all(s.scope == DEFAULT_SCOPE for s in shop.settings)
    assert any("1 website/store rows unread: no store tables" in layer for layer in shop.layers_read)


def test_connector_keys_decrypt_with_the_instance_crypt_key_and_crlf_is_the_same_key() -> None:
    rows = [
        (
            "1207",
            "default",
            "0",
            INTEGRATION + "production_api_key",
            ciphertext(API_KEY),
            "2026-11-02 09:41:07",
        ),
        ("1208", "default", "0", INTEGRATION + "production_private_key", ciphertext(PEM_CRLF), None),
    ]
    shop = instance(database(rows), env=env_php())
    private = shop.value(INTEGRATION + "production_private_key").revealed
    assert private.status == "decrypted" and private.text is not None and "\r\n" in private.text
    from linter.checks.display import fingerprint_of
    from linter.model.values import comparable_text
    from linter.secrets import fingerprint

    assert comparable_text(private.text) == comparable_text(PEM_LF)
    assert fingerprint_of(shop.value(INTEGRATION + "production_private_key")) == fingerprint(PEM_LF.strip())
    assert comparable_text("a\r\nb") == comparable_text("a\nb")


def test_a_key_under_a_dropped_crypt_key_does_not_decrypt_and_the_old_key_still_does() -> None:
    rows = [("1207", "default", "0", INTEGRATION + "production_api_key", ciphertext(API_KEY), None)]
    dropped = instance(database(rows), env=env_php(NEW_CRYPT_KEY))
    assert dropped.value(INTEGRATION + "production_api_key").revealed.status == "undecryptable"
    kept = instance(database(rows), env=env_php(f"{CRYPT_KEY}\n{NEW_CRYPT_KEY}"))
    assert kept.value(INTEGRATION + "production_api_key").revealed.text == API_KEY
    newer = encrypt(API_KEY, parse_crypt_keys(NEW_CRYPT_KEY)[0], 1, bytes(range(12)))
    rows2 = [("1207", "default", "0", INTEGRATION + "production_api_key", newer, None)]
    assert (
        instance(database(rows2), env=env_php(f"{CRYPT_KEY}\n{NEW_CRYPT_KEY}"))
        .value(INTEGRATION + "production_api_key")
        .revealed.text
        == API_KEY
    )


def test_secrets_in_unread_rows_are_still_scrubbed() -> None:
    body = "U0VDUkVULUlOLUFOLU9SUEhBTi1ST1ctMDEyMzQ1Njc4OQ=="
    key = f"-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----\n"
    rows = [
        ("9", "websites", "3", INTEGRATION + "sandbox_private_key", key, None),
        (
            "10",
            "stores",
            "4",
            INTEGRATION + "sandbox_private_key",
            ciphertext("sandbox-plaintext-secret-9876"),
            None,
        ),
    ]
    shop = instance(database(rows), env=env_php())
    text = shop.scrubber.scrub(
        f"leak {key} and U0VDUkVULUlOLUFOLU9SUEhBTi1ST1ctMDEyMzQ1Njc4OQ== and sandbox-plaintext-secret-9876"
    )
    assert "U0VDUkVULUlO" not in text and "sandbox-plaintext-secret" not in text


def test_layers_read_say_whether_the_database_was_among_them() -> None:
    shop = instance(
        database([("1", "default", "0", METHOD, "production", None)]), config=CONFIG_PHP, env=env_php()
    )
    assert shop.database_read
    assert shop.layers_read == [
        "database (core_config_data.tsv, 1 row)",
        "config (app/etc/config.php)",
        "env (app/etc/env.php)",
    ]
    files_only = instance(None, env=env_php())
    assert not files_only.database_read
    assert files_only.layers_read[-1] == "no database view: values saved in the Admin are not seen"


def test_a_view_without_core_config_data_or_its_columns_is_no_verdict() -> None:
    partial = instance(
        database([("default", METHOD, "x")], columns=("scope", "path", "value")), env=env_php()
    )
    assert not partial.database_read and partial.value(METHOD).value == "sandbox"
    assert (
        partial.layers_read[0]
        == "database (core_config_data.tsv, core_config_data, store_website, store_group, store)"
    )


def test_odd_values_do_not_abort() -> None:
    odd = "fa4efa4e\udce9\udcff0000\x00\u202e0000000000a1"  # Latin-1 bytes, a NUL, a bidi control
    rows = [
        ("1", "default", "0", INTEGRATION + "sandbox_api_key", odd, None),
        ("2", "default", "0", "", "orphan without a path", None),
        ("3", " websites ", " 01 ", METHOD, "production", None),
        (None, None, None, None, None, None),
        ("4", "websites", "\u00b2", METHOD, "x", None),  # a digit to isdigit(), not to int()
        ("5", "stores", "9" * 5000, METHOD, "x", None),  # more digits than int() takes from text
        ("6", "websites", "0", METHOD, "admin's", None),
    ]
    shop = instance(database(rows), env=env_php())
    assert shop.value(INTEGRATION + "sandbox_api_key").value == odd
    assert shop.value(METHOD, Scope("websites", "base")).value == "production"
    assert shop.value(METHOD, Scope("websites", "admin")).value == "admin's"
    assert sorted(u.kind for u in shop.unknown_scope_ids) == ["stores", "websites"]
    assert max(len(u.code) for u in shop.unknown_scope_ids) <= 24
    assert "fa4efa4e" not in shop.scrubber.scrub(f"x {odd} y")


def test_one_export_file_per_table_is_one_view() -> None:
    """``mysql -B`` writes a file per table: store tables in other files resolve core_config_data's ids."""
    from linter.formats import Role
    from linter.loaders.db_rows import database_document
    from linter.model.instance import Instance
    from linter.model.sources import Source
    from tests.model.i18_database import STORE_TABLES, php, table

    rows = [("20", "websites", "1", METHOD, "production", None), ("21", "websites", "3", METHOD, "x", None)]
    sources = [Source(php("app/etc/env.php", env_php()), Role.ENV, False)]
    config = table("core_config_data", CONFIG_COLUMNS, rows)
    sources.append(
        Source(
            database_document("core_config_data.tsv", "tsv", {"core_config_data": config}),
            Role.DATABASE,
            False,
        )
    )
    for name, (columns, entries) in STORE_TABLES.items():
        document = database_document(f"{name}.tsv", "tsv", {name: table(name, columns, entries)})
        sources.append(Source(document, Role.DATABASE, False))
    shop = Instance("shop", ".", sources)
    assert shop.value(METHOD, Scope("stores", "default")).value == "production"
    assert [(u.kind, u.code) for u in shop.unknown_scope_ids] == [("websites", "3")]
    assert shop.site_map.stores == {"admin": "admin", "default": "default"}
    assert "database (store.tsv, store)" in shop.layers_read
