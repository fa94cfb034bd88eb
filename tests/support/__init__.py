"""Helpers shared by tests (writers for fixtures in the formats Magento produces)."""
