"""The bounds every loader holds to: one nesting limit, one node budget (the collector: linter.heap)."""

from __future__ import annotations

MAX_DEPTH = 200  # levels of nested mappings/arrays; Magento's own files nest fewer than 15
MAX_NODES = 1_000_000  # values one file may hold once aliases and merge keys are expanded


class NodeBudget:
    """Counts the values a loader builds, aliases and merge keys included; refuses the one too many."""

    __slots__ = ("spent",)

    def __init__(self) -> None:
        self.spent = 0

    def spend(self, count: int = 1) -> bool:
        """Take ``count`` nodes; False once the file holds more than MAX_NODES."""
        self.spent += count
        return self.spent <= MAX_NODES

    @staticmethod
    def message(what: str = "values") -> str:
        """The error a loader reports when the budget runs out."""
        return f"more than {MAX_NODES:,} {what} once aliases and merge keys are expanded (an alias bomb?)"
