"""Allow ``python -m linter``."""

from linter.cli import main

main()
