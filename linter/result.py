"""The outcome of a run: findings, errors, per-rule outcomes, and the exit code they imply."""

from __future__ import annotations

from typing import Any

from linter.checks.rule import Rule
from linter.errors import LintError
from linter.finding import Finding, Severity
from linter.record import Record

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class InputFileSummary(Record):
    """An input file of an instance, with its layer and a SHA-256 of its content."""

    __slots__ = ("path", "role", "sha256")

    def __init__(self, path: str, role: str, sha256: str) -> None:
        self.path = path
        self.role = role
        self.sha256 = sha256


class KeyState(Record):
    """What may be shown of one key: its fingerprint, or why there is none."""

    __slots__ = ("name", "fingerprint", "status")

    def __init__(self, name: str, fingerprint: str | None, status: str) -> None:
        self.name = name  # e.g. production_api_key
        self.fingerprint = fingerprint  # of the plaintext when known, else of the stored value
        self.status = (
            status  # missing, plain, decrypted, no_key, double_encrypted, undecryptable, variable_ciphertext
        )


class PaymentScope(Record):
    """Payment Services at one scope: enabled or not, and the effective mode."""

    __slots__ = ("scope", "active", "method")

    def __init__(self, scope: str, active: bool, method: str | None) -> None:
        self.scope = scope  # default, websites/<code>, stores/<code>
        self.active = active
        self.method = method


class InstanceSummary(Record):
    """What a report says about an instance besides its findings (never a secret value)."""

    __slots__ = (
        "name",
        "directory",
        "env_type",
        "env_type_source",
        "project",
        "files",
        "saas_project_id",
        "saas_project_name",
        "data_space_id",
        "data_space_name",
        "data_space_type",
        "keys",
        "payments",
        "layers",
    )

    def __init__(
        self,
        name: str,
        directory: str,
        env_type: str | None,
        env_type_source: str | None,
        project: str | None,
        files: tuple[InputFileSummary, ...],
        saas_project_id: str | None = None,
        saas_project_name: str | None = None,
        data_space_id: str | None = None,
        data_space_name: str | None = None,
        data_space_type: str | None = None,
        keys: tuple[KeyState, ...] = (),
        payments: tuple[PaymentScope, ...] = (),
        layers: tuple[str, ...] = (),
    ) -> None:
        self.name = name
        self.directory = directory
        self.env_type = env_type
        self.env_type_source = env_type_source
        self.project = project
        self.files = files
        self.saas_project_id = saas_project_id
        self.saas_project_name = saas_project_name
        self.data_space_id = data_space_id
        self.data_space_name = data_space_name
        self.data_space_type = data_space_type
        self.keys = keys
        self.payments = payments
        # The layers read, lowest first, and whether a database view was among them (Instance.layers_read)
        self.layers = layers


class LintResult:
    """Everything a reporter needs; the engine fills it, the CLI turns it into an exit code."""

    # A plain class, not a dataclass: see DynamicValue in linter/loaders/document.py.
    def __init__(
        self,
        rules: list[Rule],
        findings: list[Finding] | None = None,
        errors: list[LintError] | None = None,
        instances: list[InstanceSummary] | None = None,
        outcomes: dict[tuple[str, str], str] | None = None,
        inputs: list[str] | None = None,
    ) -> None:
        self.rules = rules
        self.findings = findings if findings is not None else []
        self.errors = errors if errors is not None else []
        self.instances = instances if instances is not None else []
        self.outcomes = outcomes if outcomes is not None else {}
        self.inputs = inputs if inputs is not None else []
        # Every file the run read (inputs, manifests, settings, baseline): no report may overwrite one.
        self.read_files: list[str] = []
        self.notices: list[str] = []  # warnings that do not fail the run (a link left unread, --jobs capped)
        self.settings_note: str | None = None  # names a settings file found where it may surprise
        # (rule, instance) -> why that rule could not be evaluated there (e.g. an unreadable before state).
        self.not_evaluated: dict[tuple[str, str], str] = {}
        self.baselined = 0  # findings left out because the baseline knows them
        self.baseline_gone: list[dict[str, Any]] = []  # baseline entries that no longer occur
        # The lowest severity that fails the run (--fail-on): JUnit counts only those findings as failures.
        self.fail_on = Severity.ERROR
        # Findings folded into a finding that covers them (linter.folding): each is a related note there,
        # not a finding of its own; kept so that waivers and the baseline naming one still see it.
        self.folded: list[tuple[Finding, str]] = []  # (the folded finding, the rule it was folded into)

    def counts(self) -> dict[str, int]:
        """Findings per severity (waived ones apart)."""
        counts = {severity.value: 0 for severity in Severity}
        counts["waived"] = 0
        for finding in self.findings:
            counts["waived" if finding.waived else finding.severity.value] += 1
        return counts

    def exit_code(self, fail_on: Severity = Severity.ERROR) -> int:
        """2 when the run could not do its whole job, 1 for findings at or above ``fail_on``, else 0."""
        if self.errors:
            return EXIT_ERROR
        failing = any(f.severity.rank >= fail_on.rank and not f.waived for f in self.findings)
        return EXIT_FINDINGS if failing else EXIT_OK
