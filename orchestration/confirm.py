"""The re-reader the gate asks about a failed rule (`confirm(document_id, pages)`, expectations/
gate.py): were the printed numbers read right, and placed right? The stored amounts of the nine
tables on those pages are re-read by ingest/reread.py (digits in their boxes, each in its column's
header span, its code named as its label), the stored 绩效 values by ingest/performance/reread.py
and a 基础数据表's by ingest/performance/base_reread.py (pdfplumber's own table finder). Only a
failure whose numbers are all found again is the
publisher's; anything else is ours to explain (a parse error)."""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from ingest.performance.base_reread import StoredBaseValue, base_confirmed
from ingest.performance.reread import StoredRow, performance_confirmed
from ingest.reread import StoredAmount, amounts_confirmed
from orchestration.warehouse import Warehouse, landed_file

# The stored 绩效 rows on the pages of a failed instance, as the 绩效 re-reader takes them
# (ingest/performance/reread.py StoredRow: the values the checks add up, by field).
_PERFORMANCE_ROWS = """
SELECT t.family, t.first_page, i.page, 'indicator', coalesce(i.level3, ''),
       map(['weight', 'score'], [i.weight_text, i.score_text]), i.top, i.bottom, t.title
FROM raw.performance_indicators AS i
JOIN raw.performance_tables AS t USING (document_id, table_no)
WHERE i.document_id = $1 AND list_contains($2, i.page)
UNION ALL
SELECT t.family, t.first_page, f.page, 'money', f.label,
       map(['budget_initial', 'budget_full_year', 'executed', 'execution_rate', 'weight', 'score',
            'budget_in_place', 'unspent'],
           [f.budget_initial_text, f.budget_full_year_text, f.executed_text, f.execution_rate_text,
            f.weight_text, f.score_text, f.budget_in_place_text, f.unspent_text]),
       f.top, f.bottom, t.title
FROM raw.performance_funds AS f
JOIN raw.performance_tables AS t USING (document_id, table_no)
WHERE f.document_id = $1 AND list_contains($2, f.page)
UNION ALL
SELECT t.family, t.first_page, t.total_page, 'total', '总分',
       map(['weight', 'score'], [t.total_weight_text, t.total_score_text]), t.total_top, t.total_bottom, t.title
FROM raw.performance_tables AS t
WHERE t.document_id = $1 AND list_contains($2, t.total_page)
  AND (t.total_weight_text IS NOT NULL OR t.total_score_text IS NOT NULL)
"""

# The stored cells of a 绩效评价基础数据表 on those pages (ingest/performance/base_reread.py): each
# 经费 line × column, and the staffing values.
_BASE_ROWS = """
SELECT page, label, column_header, amount_text, top, bottom
FROM raw.performance_base_lines WHERE document_id = $1 AND list_contains($2, page)
UNION ALL
SELECT s.page, NULL, v.field, v.text, s.top, s.bottom
FROM raw.performance_staffing AS s
CROSS JOIN LATERAL (VALUES ('authorized', s.authorized_text), ('actual', s.actual_text),
                           ('control_rate', s.control_rate_text)) AS v(field, text)
WHERE s.document_id = $1 AND list_contains($2, s.page)"""


def reread_confirm(wh: Warehouse) -> Callable[[str, list[int]], bool]:
    """The re-reader the gate calls for a failed rule: were the printed numbers read right?"""

    def confirm(document_id: str, pages: list[int]) -> bool:
        with duckdb.connect(str(wh.work_db), read_only=True) as con:
            rows = con.execute(
                "SELECT page, amount_text, x0, x1, top, bottom, column_x0, column_x1, subject_code, printed_code, "
                "row_label FROM raw.amounts "
                "WHERE document_id = ? AND list_contains(?, page)",
                [document_id, pages],
            ).fetchall()
            row = con.execute(
                "SELECT file_name, page_count FROM raw.documents WHERE document_id = ?", [document_id]
            ).fetchone()
            performance = [StoredRow(*r) for r in con.execute(_PERFORMANCE_ROWS, [document_id, pages]).fetchall()]
            base = [StoredBaseValue(*r) for r in con.execute(_BASE_ROWS, [document_id, pages]).fetchall()]
        path = landed_file(wh, document_id, row[0] if row else None)
        if path is None or (performance and not performance_confirmed(path, performance)):
            return False  # (a 绩效 value not found again under its header: ours to explain)
        if base and not base_confirmed(path, base):
            return False  # (a 基础数据表's value not found again under its header)
        if not rows and row is not None and row[1] is not None:
            # no amount of the standard tables stored on these pages: re-reading them would only
            # check that the pages exist, so answer that without opening the file again
            return all(1 <= p <= row[1] for p in pages)
        return amounts_confirmed(path, pages, [StoredAmount(*r) for r in rows])

    return confirm
