"""Benchmark for commerce-lint: a seedable corpus generator, the runner and the findings check."""
