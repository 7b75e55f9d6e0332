"""The analysis: scoring, selecting rows, the tests and their nulls, power, verdicts, claims, sensitivity, reliability."""
