"""The quality gate of the warehouse (see docs/checks.md).

- ``expectations/rules.yaml``: the rules registry, every balance rule as data
  (``expectations.registry`` validates it, ``expectations.engine`` compiles it to SQL with the
  builders of ``expectations.sql``, and of ``expectations.performance`` for the 绩效 tables;
  ``expectations.catalogue`` generates dbt's seed and the docs table from it;
  ``expectations.fixture`` runs the per-rule fixtures of ``fixtures/``);
- ``expectations.rules``: ``build_rules``, ``RULE_IDS`` and ``GateSettings``;
- ``expectations.gate``: ``run_gate(db_path, settings, confirm) -> GateOutcome``;
- ``expectations.dialect``: the ``duckdb+gate://`` SQLAlchemy dialect GE reads DuckDB through.

Nothing is imported here on purpose: ``expectations.gate`` imports Great Expectations (seconds),
which code that only needs the rules or the settings should not pay for.
"""
