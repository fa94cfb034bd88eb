"""The rule language: the Rule record, check kinds compiled into typed specs, and their evaluation."""
