"""The quality gate of the warehouse (see docs/checks.md).

- ``expectations.rules``: the balance rules R1–R11 / X1–X5 as SQL, and ``GateSettings``;
- ``expectations.gate``: ``run_gate(db_path, settings, confirm) -> GateOutcome``;
- ``expectations.dialect``: the ``duckdb+gate://`` SQLAlchemy dialect GE reads DuckDB through.

Nothing is imported here on purpose: ``expectations.gate`` imports Great Expectations (seconds),
which code that only needs the rules or the settings should not pay for.
"""
