#!/usr/bin/env python3
"""Generate a seedable fleet of env.php-shaped instances with a known set of violations.

    python bench/generate.py --instances 1000 --format yaml --seed 1 --out bench/corpus/yaml-1000

writes ``OUT/<instance>/{instance.yaml, env.<ext>}``, ``OUT/expected.json`` (every injected
violation and the findings it must cause) and ``OUT.before/``, the same fleet before a change
(production instances whose key pair was rotated while their data space changed).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import random
import shutil
import string
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.catalog import DEFAULT, LOCALES, SCOPED, SPECS, STORE_REQUIRED, WEBSITE_REQUIRED, Site, make_value
from bench.emit import WRITERS, render, to_yaml
from linter.crypto import encrypt

FORMATS = ("yaml", "json", "php")
ENV_TYPES = {"production": "production", "staging": "staging", "uat": "staging"}  # other roles: development
PAIRS = ("production", "sandbox")
KINDS = (
    "keypair-half",
    "literal-newline-pem",
    "ps-sandbox-no-merchant",
    "staging-on-production-dataspace",
    "shared-dataspace",
    "different-api-key",
    "rotation-with-dataspace-change",
)
KIND_LEVEL = {
    "keypair-half": "instance",
    "literal-newline-pem": "instance",
    "ps-sandbox-no-merchant": "instance",
    "staging-on-production-dataspace": "instance",
    "shared-dataspace": "fleet",
    "different-api-key": "fleet",
    "rotation-with-dataspace-change": "change",
}
BRANDS = (
    "acme", "northwind", "contoso", "fabrikam", "globex", "initech", "umbrella", "hooli", "vandelay",
    "wonka", "stark", "wayne", "tyrell", "cyberdyne", "soylent", "oscorp", "gringotts", "duff",
    "bluth", "pied", "monarch", "aperture", "blackmesa", "massive", "octan", "zorg",
)  # fmt: skip
TLDS = {"US": "com", "GB": "co.uk", "DE": "de", "FR": "fr", "NL": "nl", "ES": "es", "IT": "it"}
CACHE_TYPES = (
    "config", "layout", "block_html", "collections", "reflection", "db_ddl", "compiled_config", "eav",
    "customer_notification", "config_integration", "config_integration_api", "full_page",
    "config_webservice", "translate", "graphql_query_resolver_result",
)  # fmt: skip
WEBSITE_CODES = ("eu", "us", "uk", "b2b", "outlet", "nordics", "apac", "wholesale")
PASSWORD_CHARS = string.ascii_letters + string.digits + "-_.!#%+=:@'\\"
# The start of a PKCS#8 DER-encoded RSA-2048 private key; the rest of the fake key is random.
PKCS8_RSA_PREFIX = bytes.fromhex(
    "308204bd020100300d06092a864886f70d0101010500048204a7308204a30201000282010100"
)


@dataclass(frozen=True, slots=True)
class KeyPair:
    """A public API key and the (fake) PKCS#8 private key generated with it."""

    api_key: str
    private_key: str


def generator_version() -> str:
    """A digest of this file: a corpus made by other generator code is made again."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


def make_pair(rng: random.Random) -> KeyPair:
    """A key pair shaped like Adobe's: 32 hex characters and a PEM-armoured PKCS#8 key."""
    der = PKCS8_RSA_PREFIX + rng.randbytes(1217 - len(PKCS8_RSA_PREFIX))
    body = base64.b64encode(der).decode("ascii")
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    pem = "-----BEGIN PRIVATE KEY-----\n" + "\n".join(lines) + "\n-----END PRIVATE KEY-----\n"
    return KeyPair(f"{rng.getrandbits(128):032x}", pem)


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


@dataclass
class Scopes:
    """Websites and store views of one instance (admin excluded)."""

    websites: list[str]
    stores: list[tuple[str, str, int]]  # (store code, website code, index into LOCALES)


@dataclass
class Member:
    """The plan of one instance: everything violations are chosen on, before any tree is built."""

    name: str
    project: str
    brand: str
    role: str
    env_type: str
    scopes: Scopes
    encrypted: bool
    saas_project_id: str
    saas_project_name: str
    ds_id: str
    ds_name: str
    ds_type: str
    saas_env: str
    ps_active: bool
    method: str
    merchant_modes: set[str]
    website_sandbox: str | None  # a website whose payment mode is overridden to sandbox
    keys: dict[str, str | None] = field(default_factory=dict)  # <pair>_api_key → plaintext (None: absent)
    violation: str | None = None
    params: dict[str, str] = field(default_factory=dict)


@dataclass
class Expected:
    """One injected violation and the findings (errors and warnings) it must cause."""

    kind: str
    instances: list[str]
    detail: str
    findings: list[dict[str, Any]]

    def as_json(self) -> dict[str, Any]:
        """The expected.json entry."""
        return {
            "kind": self.kind,
            "level": KIND_LEVEL[self.kind],
            "instances": self.instances,
            "detail": self.detail,
            "findings": self.findings,
        }


def _finding(rule: str, instances: list[str], severity: str = "error", **extra: str) -> dict[str, Any]:
    return {"rule": rule, "severity": severity, "instances": sorted(instances), **extra}


class Fleet:
    """Plans a fleet, places violations, and writes it."""

    def __init__(self, size: int, seed: int) -> None:
        self.size = size
        self.seed = seed
        keys = random.Random(f"{seed}:keys")
        self.pairs = {pair: make_pair(keys) for pair in PAIRS}
        self.previous = make_pair(keys)  # the production pair before a rotation
        self.members = self._plan()

    def rng(self, *parts: object) -> random.Random:
        """A random generator for one purpose, independent of every other draw."""
        return random.Random(":".join(str(p) for p in (self.seed, *parts)))

    def stale_pair(self, project: str) -> KeyPair:
        """An outdated production key pair some instances of ``project`` still use."""
        return make_pair(self.rng("stale", project))

    # ---- plan -------------------------------------------------------------------------------------

    def _plan(self) -> list[Member]:
        plan = self.rng("plan")
        members: list[Member] = []
        number = 0
        while len(members) < self.size:
            count = min(plan.randint(8, 12), self.size - len(members))
            number += 1
            brand = BRANDS[(number - 1) % len(BRANDS)]
            members.extend(self._plan_project(f"{brand}-{number:05d}", brand, count))
        return members

    def _plan_project(self, project: str, brand: str, count: int) -> list[Member]:
        rng = self.rng("project", project)
        roles = ["production", "staging", "uat", *(f"dev{i}" for i in range(1, count - 2))][:count]
        main_id, main_name = _uuid(rng), f"{brand.title()} Commerce"
        members = []
        for position, role in enumerate(roles):
            if role.startswith("dev"):
                group = (position - 3) // 2 + 1  # two developers' testing data spaces per SaaS project
                saas_id = str(uuid.uuid5(uuid.UUID(main_id), f"dev{group}"))
                saas_name = f"{brand.title()} Development {group}"
            else:
                saas_id, saas_name = main_id, main_name
            members.append(self._plan_member(project, brand, role, saas_id, saas_name))
        return members

    def _plan_member(self, project: str, brand: str, role: str, saas_id: str, saas_name: str) -> Member:
        name = f"{project}-{role}"
        rng = self.rng("member", name)
        env_type = ENV_TYPES.get(role, "development")
        n_websites = rng.randint(1, 4)
        n_stores = rng.randint(max(n_websites, 3 - n_websites), 8 - n_websites)
        websites = ["base", *rng.sample(WEBSITE_CODES, n_websites - 1)]
        owners = websites + [rng.choice(websites) for _ in range(n_stores - n_websites)]
        stores: list[tuple[str, str, int]] = []
        for position, website in enumerate(owners):
            locale = rng.randrange(len(LOCALES))
            language = LOCALES[locale][0][:2]
            code = "default" if position == 0 else f"{website}_{language}{position}"
            stores.append((code, website, locale))
        production = env_type == "production"
        ps_active = rng.random() < (0.85 if production else 0.7 if env_type == "staging" else 0.5)
        modes = {"production"} if production else {"sandbox"}
        if production and rng.random() < 0.5:
            modes.add("sandbox")
        website_sandbox = None
        if production and "sandbox" in modes and rng.random() < 0.3:
            website_sandbox = rng.choice(websites)
        ds_type = "Production" if production else "Testing"
        member = Member(
            name=name,
            project=project,
            brand=brand,
            role=role,
            env_type=env_type,
            scopes=Scopes(websites, stores),
            encrypted=rng.random() < 0.6,
            saas_project_id=saas_id,
            saas_project_name=saas_name,
            ds_id=_uuid(rng),
            ds_name=role.title() if not role.startswith("dev") else f"Developer {role[3:]}",
            ds_type=ds_type,
            saas_env="production" if production or rng.random() < 0.2 else "sandbox",
            ps_active=ps_active,
            method="production" if production else "sandbox",
            merchant_modes=modes,
            website_sandbox=website_sandbox,
        )
        for pair in PAIRS:
            member.keys[f"{pair}_api_key"] = self.pairs[pair].api_key
            member.keys[f"{pair}_private_key"] = self.pairs[pair].private_key
        return member

    # ---- violations -------------------------------------------------------------------------------

    def inject(self, counts: dict[str, int]) -> list[Expected]:
        """Location ``counts[kind]`` violations of each kind; each instance gets at most one."""
        rng = self.rng("violations")
        used: set[str] = set()
        expected: list[Expected] = []
        by_name = {m.name: m for m in self.members}
        order = list(KINDS)
        rng.shuffle(order)
        stale_budget = max(0, (len(self.members) - 1) // 3)
        for kind in order:
            for _ in range(counts.get(kind, 0)):
                if kind == "different-api-key" and stale_budget <= 0:
                    break
                found = self._place(kind, rng, used, by_name)
                if found is None:
                    break
                expected.append(found)
                if kind == "different-api-key":
                    stale_budget -= 1
        self._same_key_severity(expected)
        return expected

    def _same_key_severity(self, expected: list[Expected]) -> None:
        """FLEET-SAME-API-KEYS is an error where Payment Services is on for an instance compared (one of
        the project's with a production key), a warning otherwise; decided once every violation is in."""
        by_name = {m.name: m for m in self.members}
        for entry in expected:
            for finding in entry.findings:
                if finding["rule"] != "FLEET-SAME-API-KEYS":
                    continue
                project = by_name[finding["instances"][0]].project
                compared = [
                    m for m in self.members if m.project == project and m.keys.get("production_api_key")
                ]
                finding["severity"] = "error" if any(m.ps_active for m in compared) else "warning"

    def _free(self, used: set[str]) -> list[Member]:
        return [m for m in self.members if m.name not in used]

    def _place(
        self, kind: str, rng: random.Random, used: set[str], by_name: dict[str, Member]
    ) -> Expected | None:
        free = self._free(used)
        partner: Member | None = None
        if kind == "keypair-half":
            candidates = [m for m in free if _unused_pairs(m)]
            if not candidates:
                return None
            m = rng.choice(candidates)
            pair = rng.choice(_unused_pairs(m))
            half = rng.choice(("api_key", "private_key"))
            m.keys[f"{pair}_{half}"] = rng.choice(("", None))
            detail = f"{pair}_{half} removed"
            findings = [_finding("CSC-KEYPAIR-COMPLETE", [m.name])]
        elif kind == "literal-newline-pem":
            if not free:
                return None
            m = rng.choice(free)
            pair = rng.choice(PAIRS)
            pem = m.keys[f"{pair}_private_key"] or ""
            m.keys[f"{pair}_private_key"] = pem.rstrip("\n").replace("\n", "\\n")
            detail = f"{pair}_private_key written with literal \\n"
            findings = [_finding("CSC-PRIVATE-KEY-PEM", [m.name])]
        elif kind == "ps-sandbox-no-merchant":
            productions = [m for m in free if m.env_type == "production"]
            ready = [
                m
                for m in productions
                if m.ps_active and "sandbox" not in m.merchant_modes and m.website_sandbox is None
            ]
            if not productions:
                return None
            m = rng.choice(ready or productions)
            # A production instance live on Payment Services that never onboarded sandbox.
            m.ps_active, m.merchant_modes = True, {"production"}
            m.website_sandbox = rng.choice(m.scopes.websites)
            detail = f"websites/{m.website_sandbox}: payment mode sandbox, no sandbox_merchant_id"
            findings = [_finding("PS-ENABLED-NEEDS-MERCHANT-ID", [m.name])]
        elif kind == "staging-on-production-dataspace":
            owners = {
                x.project: x for x in self.members if x.env_type == "production" and x.ds_type == "Production"
            }
            candidates = [m for m in free if m.role == "staging" and m.project in owners]
            if not candidates:
                return None
            m = rng.choice(candidates)
            m.ds_type, m.ds_name = "Production", "Production 2"
            owner = owners[m.project]
            detail = f"staging on its own data space of type Production (project {m.project})"
            # FLEET-PRODUCTION-DATASPACE-ONLY-ON-PRODUCTION's finding is folded into the instance
            # rule's (its `covers:`): one finding per mistake.
            findings = [
                _finding("SAAS-NONPROD-ON-PRODUCTION-DATASPACE", [m.name]),
                _finding("FLEET-DATASPACE-QUOTA", [owner.name, m.name], "warning"),
            ]
        elif kind == "shared-dataspace":
            nonprod = [m for m in free if m.env_type != "production"]
            if len(nonprod) < 2:
                return None
            owner = rng.choice(nonprod)
            peers = [m for m in nonprod if m.project == owner.project and m is not owner]
            m = rng.choice(peers or [m for m in nonprod if m is not owner])
            m.saas_project_id, m.saas_project_name = owner.saas_project_id, owner.saas_project_name
            m.ds_id, m.ds_name, m.ds_type = owner.ds_id, owner.ds_name, owner.ds_type
            partner = owner
            detail = f"{m.name} connected to the data space of {owner.name}"
            findings = [_finding("FLEET-UNIQUE-DATASPACE", [owner.name, m.name])]
        elif kind == "different-api-key":
            # A non-production instance left on an old pair; its project's production instance keeps
            # the current one (it is the reference FLEET-SAME-API-KEYS compares with), untouched by
            # any other violation.
            productions = {x.project: x for x in free if x.env_type == "production"}
            candidates = [x for x in free if x.env_type != "production" and x.project in productions]
            if not candidates:
                return None
            m = rng.choice(candidates)
            used.add(productions[m.project].name)
            stale = self.stale_pair(m.project)
            m.keys["production_api_key"], m.keys["production_private_key"] = stale.api_key, stale.private_key
            detail = f"stale production key pair of project {m.project}"
            findings = [_finding("FLEET-SAME-API-KEYS", [m.name], match="minority")]
        elif kind == "rotation-with-dataspace-change":
            candidates = [m for m in free if m.env_type == "production"]
            if not candidates:
                return None
            m = rng.choice(candidates)
            m.ps_active = False  # keeps the merchant-id change rules out of this change
            m.params["before_ds"] = _uuid(self.rng("before", m.name))
            detail = "before: previous production key pair and another data space"
            findings = [_finding("CHG-NO-ROTATION-WITH-DATASPACE-CHANGE", [m.name])]
        else:
            raise ValueError(f"unknown violation kind {kind!r}")
        involved = [m] if partner is None else [partner, m]
        for member in involved:
            member.violation = kind
            used.add(member.name)
        return Expected(kind, sorted(x.name for x in involved), detail, findings)

    # ---- trees ------------------------------------------------------------------------------------

    def tree(self, m: Member, before: bool = False) -> dict[str, Any]:
        """The env.php array of one instance (its state before the change when ``before``)."""
        rng = self.rng("tree", m.name)
        crypt_key = rng.randbytes(32)
        env_name = m.role
        host = f"{m.brand}-{env_name}"
        tree: dict[str, Any] = {
            "backend": {"frontName": f"admin_{rng.getrandbits(24):06x}"},
            "remote_storage": {"driver": "file"},
            "queue": {
                "consumers_wait_for_messages": 1,
                "amqp": {
                    "host": f"{host}-rabbitmq.internal",
                    "port": "5672",
                    "user": "magento",
                    "password": _password(rng),
                    "virtualhost": "/",
                },
            },
            "crypt": {"key": "base64" + base64.b64encode(crypt_key).decode("ascii")},
            "db": {
                "table_prefix": "",
                "connection": {
                    "default": {
                        "host": f"{host}-db.internal",
                        "dbname": "magento",
                        "username": "magento",
                        "password": _password(rng),
                        "model": "mysql4",
                        "engine": "innodb",
                        "initStatements": "SET NAMES utf8;",
                        "active": "1",
                        "driver_options": {"1014": False},
                    }
                },
            },
            "resource": {"default_setup": {"connection": "default"}},
            "x-frame-options": "SAMEORIGIN",
            "MAGE_MODE": "developer" if m.env_type == "development" else "production",
            "session": {
                "save": "redis",
                "redis": {
                    "host": f"{host}-redis.internal",
                    "port": "6379",
                    "password": "",
                    "timeout": "2.5",
                    "persistent_identifier": "",
                    "database": "2",
                    "compression_threshold": "2048",
                    "compression_library": "gzip",
                    "log_level": "1",
                    "max_concurrency": "6",
                    "break_after_frontend": "5",
                    "break_after_adminhtml": "30",
                    "first_lifetime": "600",
                    "bot_first_lifetime": "60",
                    "bot_lifetime": "7200",
                    "disable_locking": "0",
                    "min_lifetime": "60",
                    "max_lifetime": "2592000",
                },
            },
            "cache": {
                "frontend": {
                    "default": {
                        "id_prefix": f"{rng.getrandbits(12):03x}_",
                        "backend": "Magento\\Framework\\Cache\\Backend\\Redis",
                        "backend_options": {
                            "server": f"{host}-redis.internal",
                            "database": "0",
                            "port": "6379",
                            "password": "",
                            "compress_data": "1",
                        },
                    },
                    "page_cache": {
                        "id_prefix": f"{rng.getrandbits(12):03x}_",
                        "backend": "Magento\\Framework\\Cache\\Backend\\Redis",
                        "backend_options": {
                            "server": f"{host}-redis.internal",
                            "database": "1",
                            "port": "6379",
                        },
                    },
                },
                "allow_parallel_generation": False,
                "graphql": {"id_salt": "".join(rng.choices(string.ascii_letters + string.digits, k=32))},
            },
            "lock": {"provider": "db"},
            "directories": {"document_root_is_pub": True},
            "cache_types": dict.fromkeys(CACHE_TYPES, 1),
            "downloadable_domains": [f"www.{m.brand}.com", f"{m.brand}-{env_name}.example.net"],
            "install": {
                "date": f"{rng.choice(('Mon', 'Tue', 'Wed', 'Thu'))}, {rng.randint(1, 28):02d} Mar 2024"
            },
            "scopes": _scopes(m),
            "system": self._system(m, rng, crypt_key, before),
        }
        return tree

    def _system(self, m: Member, rng: random.Random, crypt_key: bytes, before: bool) -> dict[str, Any]:
        target = rng.randint(150, 400)
        default: dict[str, str] = {}
        websites: dict[str, dict[str, str]] = {code: {} for code in m.scopes.websites}
        stores: dict[str, dict[str, str]] = {code: {} for code, _, _ in m.scopes.stores}
        sites = _sites(m, rng)

        # Connector, SaaS and Payment Services: written under control, never sampled.
        keys = dict(m.keys)
        ds_id, ds_name = m.ds_id, m.ds_name
        if before and m.violation == "rotation-with-dataspace-change":
            keys["production_api_key"] = self.previous.api_key
            keys["production_private_key"] = self.previous.private_key
            ds_id, ds_name = m.params["before_ds"], f"{m.ds_name} (old)"
        controlled: dict[str, str] = {"magento_saas/environment": m.saas_env}
        for key, plain in keys.items():
            if plain is None:
                continue
            stored = plain
            if m.encrypted and plain:
                nonce = hashlib.sha256(f"{m.name}:{key}:{plain}".encode()).digest()[:12]
                stored = encrypt(plain, crypt_key, 0, nonce)
            controlled[f"services_connector/services_connector_integration/{key}"] = stored
        controlled.update(
            {
                "services_connector/services_id/project_id": m.saas_project_id,
                "services_connector/services_id/project_name": m.saas_project_name,
                "services_connector/services_id/environment_id": ds_id,
                "services_connector/services_id/environment_name": ds_name,
                "services_connector/services_id/environment": m.ds_type,
                "payment/payment_services/active": "1" if m.ps_active else "0",
                "payment/payment_services/mba_scoping_level": rng.choice(("website", "store")),
                "payment/payment_services/legacy_admin_enabled": "0",
                "payment/payment_services/async_status_updates": rng.choice(("0", "1")),
                "payment/payment_services/soft_descriptor": m.brand.upper()[:22],
                "payment/payment_methods/method": m.method,
                "payment/payment_services_paypal_hosted_fields/active": "1" if m.ps_active else "0",
                "payment/payment_services_paypal_hosted_fields/title": "Credit Card",
                "payment/payment_services_paypal_hosted_fields/payment_action": rng.choice(
                    ("authorize", "authorize_capture")
                ),
                "payment/payment_services_paypal_hosted_fields/three_ds": rng.choice(
                    ("0", "SCA_WHEN_REQUIRED", "SCA_ALWAYS")
                ),
                "payment/payment_services_paypal_hosted_fields/sort_order": "1",
                "payment/payment_services_paypal_smart_buttons/active": "1" if m.ps_active else "0",
                "payment/payment_services_paypal_smart_buttons/title": "PayPal",
                "payment/payment_services_paypal_smart_buttons/payment_action": rng.choice(
                    ("authorize", "authorize_capture")
                ),
                "payment/payment_services_paypal_smart_buttons/display_venmo": rng.choice(("0", "1")),
                "payment/payment_services_paypal_apple_pay/active": rng.choice(("0", "1")),
                "payment/payment_services_paypal_vault/active": rng.choice(("0", "1")),
            }
        )
        for mode in sorted(m.merchant_modes):
            controlled[f"payment/payment_methods/{mode}_merchant_id"] = _merchant_id(m.ds_id, mode)

        required = [
            "general/locale/code",
            "general/locale/timezone",
            "web/unsecure/base_url",
            "web/secure/base_url",
            "catalog/search/engine",
            "currency/options/base",
            "currency/options/default",
            "commerce_data_export/feeds/products/batch_size",
        ]
        for path in required:
            default[path] = make_value(SPECS[path], sites["default"])
        for code in m.scopes.websites:
            for path in WEBSITE_REQUIRED:
                websites[code][path] = make_value(SPECS[path], sites[code])
        for code, _, _ in m.scopes.stores:
            for path in STORE_REQUIRED:
                stores[code][path] = make_value(SPECS[path], sites[code])
        if m.website_sandbox:
            websites[m.website_sandbox]["payment/payment_methods/method"] = "sandbox"

        count = (
            len(controlled) + len(default) + sum(map(len, websites.values())) + sum(map(len, stores.values()))
        )
        pool: list[tuple[str, str]] = [("default", p) for p, _ in DEFAULT if p not in default]
        pool += [(f"websites/{c}", p) for c in m.scopes.websites for p in SCOPED if p not in websites[c]]
        pool += [(f"stores/{c}", p) for c, _, _ in m.scopes.stores for p in SCOPED if p not in stores[c]]
        for scope, path in sorted(rng.sample(pool, max(0, min(len(pool), target - count)))):
            if scope == "default":
                default[path] = make_value(SPECS[path], sites["default"])
            else:
                kind, code = scope.split("/", 1)
                table = websites if kind == "websites" else stores
                table[code][path] = make_value(SPECS[path], sites[code])

        ordered = {p: default[p] for p, _ in DEFAULT if p in default}
        ordered.update(controlled)
        system: dict[str, Any] = {"default": _nest(ordered)}
        system["websites"] = {code: _nest(values) for code, values in websites.items() if values}
        system["stores"] = {code: _nest(values) for code, values in stores.items() if values}
        return system

    # ---- output -----------------------------------------------------------------------------------

    def write(self, out: Path, fmt: str, expected: list[Expected], params: dict[str, Any]) -> None:
        """Write the fleet, its ``.before`` twin and expected.json."""
        before_dir = out.with_name(out.name + ".before")
        for directory in (out, before_dir):
            if directory.exists():
                shutil.rmtree(directory)
            directory.mkdir(parents=True)
        env_name = WRITERS[fmt]
        for m in self.members:
            manifest = to_yaml({"name": m.name, "environment_type": m.env_type, "project": m.project})
            text = render(self.tree(m), fmt, f"app/etc/env.php of {m.name}, rendered as {fmt.upper()}")
            changed = m.violation == "rotation-with-dataspace-change"
            before_text = render(self.tree(m, before=True), fmt) if changed else None
            for root, body in ((out, text), (before_dir, before_text)):
                instance = root / m.name
                env_path = instance / env_name
                env_path.parent.mkdir(parents=True, exist_ok=True)
                if root is before_dir and body is None:
                    _link_or_copy(out / m.name / env_name, env_path)
                    _link_or_copy(out / m.name / "instance.yaml", instance / "instance.yaml")
                    continue
                (instance / "instance.yaml").write_text(manifest, encoding="utf-8")
                env_path.write_text(body or "", encoding="utf-8")
        document = {
            "generator": {**params, "code": generator_version()},
            "instances": [m.name for m in self.members],
            "before": before_dir.name,
            "violations": [e.as_json() for e in expected],
        }
        (out / "expected.json").write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def _unused_pairs(m: Member) -> list[str]:
    """Pairs whose halves no enabled payment mode and no other check depends on."""
    used = set()
    if m.ps_active:
        used.add(m.method)
        if m.website_sandbox:
            used.add("sandbox")
    return [pair for pair in PAIRS if pair not in used]


def _password(rng: random.Random) -> str:
    return "".join(rng.choices(PASSWORD_CHARS, k=rng.randint(16, 28)))


def _merchant_id(ds_id: str, mode: str) -> str:
    digest = hashlib.sha256(f"{ds_id}:{mode}".encode()).digest()
    return base64.b32encode(digest).decode("ascii")[:13]


def _sites(m: Member, rng: random.Random) -> dict[str, Site]:
    """The value context of the default scope, each website and each store view."""

    def site(locale: int, label: str) -> Site:
        code, country, currency, timezone = LOCALES[locale]
        domain = f"{m.brand}{label}.{TLDS.get(country, 'com')}"
        return Site(m.brand, domain, code, country, currency, timezone, rng)

    first = {website: locale for _, website, locale in reversed(m.scopes.stores)}
    sites = {"default": site(first["base"], "")}
    for website in m.scopes.websites:
        sites[website] = site(first[website], "" if website == "base" else f"-{website}")
    for code, website, locale in m.scopes.stores:
        sites[code] = site(locale, "" if website == "base" else f"-{website}")
    return sites


def _scopes(m: Member) -> dict[str, Any]:
    """The ``scopes`` section as ``app:config:dump scopes`` writes it."""
    websites: dict[str, Any] = {
        "admin": {
            "website_id": "0", "code": "admin", "name": "Admin", "sort_order": "0",
            "default_group_id": "0", "is_default": "0",
        }
    }  # fmt: skip
    groups: dict[str, Any] = {
        "0": {
            "group_id": "0", "website_id": "0", "name": "Default", "root_category_id": "0",
            "default_store_id": "0", "code": "default",
        }
    }  # fmt: skip
    stores: dict[str, Any] = {
        "admin": {
            "store_id": "0", "code": "admin", "website_id": "0", "group_id": "0", "name": "Admin",
            "sort_order": "0", "is_active": "1",
        }
    }  # fmt: skip
    first_store: dict[str, int] = {}
    for index, (_, website, _) in enumerate(m.scopes.stores, start=1):
        first_store.setdefault(website, index)
    for index, website in enumerate(m.scopes.websites, start=1):
        websites[website] = {
            "website_id": str(index),
            "code": website,
            "name": "Main Website" if website == "base" else f"{website.upper()} Website",
            "sort_order": str(index - 1),
            "default_group_id": str(index),
            "is_default": "1" if website == "base" else "0",
        }
        groups[str(index)] = {
            "group_id": str(index),
            "website_id": str(index),
            "name": "Main Website Store" if website == "base" else f"{website.upper()} Store",
            "root_category_id": "2",
            "default_store_id": str(first_store[website]),
            "code": "main_website_store" if website == "base" else f"{website}_store",
        }
    website_ids = {website: index for index, website in enumerate(m.scopes.websites, start=1)}
    for index, (code, website, locale) in enumerate(m.scopes.stores, start=1):
        stores[code] = {
            "store_id": str(index),
            "code": code,
            "website_id": str(website_ids[website]),
            "group_id": str(website_ids[website]),
            "name": "Default Store View" if code == "default" else f"{LOCALES[locale][0]} Store View",
            "sort_order": str(index - 1),
            "is_active": "1",
        }
    return {"websites": websites, "groups": groups, "stores": stores}


def _nest(values: dict[str, str]) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for path, value in values.items():
        node = tree
        *parents, leaf = path.split("/")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return tree


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def violation_counts(size: int, rate: float, spec: str | None) -> dict[str, int]:
    """How many violations of each kind: from ``spec`` (``none``, ``kind=n,...``) or from the rate."""
    if spec is not None:
        if spec.strip() in ("", "none"):
            return {}
        counts: dict[str, int] = {}
        for item in spec.split(","):
            kind, _, number = item.strip().partition("=")
            if kind not in KINDS:
                raise SystemExit(f"unknown violation kind {kind!r}; known: {', '.join(KINDS)}")
            counts[kind] = int(number or 1)
        return counts
    if rate <= 0:
        return {}
    each = max(1, round(rate * size / len(KINDS)))
    return dict.fromkeys(KINDS, each)


def generate(
    out: Path, instances: int, fmt: str, seed: int, rate: float = 0.02, violations: str | None = None
) -> dict[str, Any]:
    """Generate a corpus; returns the expected.json document."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    fleet = Fleet(instances, seed)
    expected = fleet.inject(violation_counts(instances, rate, violations))
    params = {
        "instances": instances,
        "format": fmt,
        "seed": seed,
        "violation_rate": rate,
        "violations": violations,
    }
    fleet.write(out, fmt, expected, params)
    document: dict[str, Any] = json.loads((out / "expected.json").read_text(encoding="utf-8"))
    return document


def iter_env_files(root: Path) -> Iterator[Path]:
    """Every generated env file under ``root``, in instance order."""
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        if entry.is_dir():
            for name in WRITERS.values():
                candidate = Path(entry.path) / name
                if candidate.exists():
                    yield candidate


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--instances", type=int, required=True)
    parser.add_argument("--format", choices=FORMATS, default="yaml")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--violation-rate", type=float, default=0.02, help="share of instances with a violation"
    )
    parser.add_argument(
        "--violations", help="'none', or exact counts: kind=n,... (kinds: " + ", ".join(KINDS) + ")"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    document = generate(
        args.out, args.instances, args.format, args.seed, args.violation_rate, args.violations
    )
    elapsed = time.perf_counter() - started
    print(
        f"{args.out}: {args.instances} instances ({args.format}), {len(document['violations'])} violations, "
        f"{elapsed:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
