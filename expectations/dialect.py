"""A duckdb-engine dialect that Great Expectations can read results through.

Why this exists (verified with great-expectations 1.24, duckdb-engine 0.17, SQLAlchemy 2.1,
duckdb 2.0): GE's ``SqlAlchemyExecutionEngine.execute_query`` runs a query inside
``with engine.connect() as conn:`` and only fetches the rows *after* the ``with`` block, i.e.
after the connection went back to the pool. On check-in SQLAlchemy's pool calls the dialect's
``do_rollback`` ("reset on return"). duckdb-engine's cursor is the DuckDB connection itself, so
the ROLLBACK ends the transaction that owns the pending result and DuckDB silently drops it: the
caller then fetches ``[]`` / ``None``. Every GE metric over DuckDB fails that way
(``TypeError: 'NoneType' object is not subscriptable`` in ``query_row_count``,
``IndexError`` in ``resolve_metric_bundle``) and the validation result is empty. The same thing
happens without GE::

    with create_engine("duckdb:///f.duckdb").connect() as c:
        res = c.execute(text("select 1"))
    res.fetchall()  # -> [] with the stock dialect, [(1,)] with this one

Making begin/commit/rollback no-ops leaves DuckDB in its own autocommit mode (every statement
is its own transaction), so a result survives the connection's return to the pool. That is
safe for what it is used for -- GE only *reads* -- but it means this dialect gives **no
transactions**: never write through it; the gate writes with the plain ``duckdb`` API.

Registered under the URL scheme ``duckdb+gate://`` (dialect name stays ``duckdb``, so SQL
compilation and GE's dialect detection are unchanged; only the driver part differs).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from duckdb_engine import Dialect as DuckDBDialect
from sqlalchemy.dialects import registry
from sqlalchemy.engine import URL

#: SQLAlchemy URL scheme of the patched dialect (``<scheme>:///<path>``).
GATE_DRIVERNAME = "duckdb+gate"


class GateDuckDBDialect(DuckDBDialect):
    """duckdb-engine with transaction control turned off (see the module docstring)."""

    driver = "gate"
    # duckdb-engine sets this False; SQLAlchemy warns when a third-party dialect subclass does
    # not state it explicitly, so restate it rather than inherit silently.
    supports_statement_cache = False

    def do_begin(self, dbapi_connection: Any) -> None:
        # No BEGIN: an explicit DuckDB transaction would have to be ended by a COMMIT/ROLLBACK,
        # and ending it is exactly what discards the pending result.
        return None

    def do_commit(self, dbapi_connection: Any) -> None:
        return None

    def do_rollback(self, dbapi_connection: Any) -> None:
        # Called by the pool's reset-on-return before GE has fetched its rows.
        return None


def register() -> None:
    """Make ``duckdb+gate://`` resolvable by ``sqlalchemy.create_engine`` (idempotent)."""
    registry.register(GATE_DRIVERNAME.replace("+", "."), __name__, GateDuckDBDialect.__name__)


def connection_string(db_path: Path | str) -> str:
    """The SQLAlchemy URL of a DuckDB file through the gate dialect (GE wants a string)."""
    return URL.create(GATE_DRIVERNAME, database=str(Path(db_path).resolve())).render_as_string()


# Registration at import time: GE builds its engine from a URL string, so the scheme must be
# known to SQLAlchemy before any datasource is created.
register()
