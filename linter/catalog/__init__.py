"""Rule files: load, validate and select the rules a run evaluates."""
