"""Rule tests: run the examples of rule files and compare what they find with what they state."""
