"""The generic check kinds that rule files compose."""
