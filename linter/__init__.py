"""commerce-lint: a configuration linter and policy checker for Adobe Commerce."""

__version__ = "0.2.0"
