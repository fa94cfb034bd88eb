"""Run the examples a rule file carries and compare what the rule did with what they expect."""
