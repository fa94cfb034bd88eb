"""Facts about an instance for reports: data space, key fingerprints, payment modes, input checksums."""

from __future__ import annotations

from linter.checks.display import fingerprint_of
from linter.model.instance import Instance
from linter.model.values import is_enabled
from linter.result import InputFileSummary, InstanceSummary, KeyState, PaymentScope

_INTEGRATION = "services_connector/services_connector_integration/"
_SERVICES_ID = "services_connector/services_id/"
KEY_NAMES = ("production_api_key", "production_private_key", "sandbox_api_key", "sandbox_private_key")


def _text(instance: Instance, path: str) -> str | None:
    value = instance.value(path)
    return value.value.strip() if value.is_set and value.value else None


def summarize_instance(instance: Instance) -> InstanceSummary:
    """Everything a report shows about ``instance``; keys only as fingerprints."""
    keys = []
    for name in KEY_NAMES:
        value = instance.value(_INTEGRATION + name)
        status = value.revealed.status
        keys.append(KeyState(name, fingerprint_of(value) if value.is_set else None, status))
    payments = []
    for scope in instance.scopes:
        active = instance.value("payment/payment_services/active", scope)
        method = instance.value("payment/payment_methods/method", scope)
        payments.append(PaymentScope(scope.label, is_enabled(active.value), method.value))
    return InstanceSummary(
        name=instance.name,
        directory=instance.directory,
        env_type=instance.env_type,
        env_type_source=instance.env_type_source,
        project=instance.project,
        files=tuple(InputFileSummary(s.file, s.role, s.checksum) for s in instance.sources),
        saas_project_id=_text(instance, _SERVICES_ID + "project_id"),
        saas_project_name=_text(instance, _SERVICES_ID + "project_name"),
        data_space_id=_text(instance, _SERVICES_ID + "environment_id"),
        data_space_name=_text(instance, _SERVICES_ID + "environment_name"),
        data_space_type=_text(instance, _SERVICES_ID + "environment"),
        keys=tuple(keys),
        payments=tuple(payments),
        layers=tuple(instance.layers_read),
    )
