"""Variants of the bundled sample reports that tests render (real PDFs, known ground truth)."""

from __future__ import annotations

from pathlib import Path

from samples.render import load_report, render_report

SAMPLE_DATA = Path(__file__).resolve().parent.parent / "samples" / "data"


def render_in_yuan(stem: str, out: Path, codes: tuple[str, ...], unit_name: str | None = None) -> Path:
    """A sample report whose tables `codes` print 元 (amounts × 10,000) while the others print 万元."""
    report = load_report(SAMPLE_DATA / f"{stem}.yaml")
    tables = dict(report.tables)
    for code in codes:
        rows = [r.model_copy(update={"amounts": {k: v * 10000 for k, v in r.amounts.items()}})
                for r in tables[code].rows]
        tables[code] = tables[code].model_copy(update={"unit": "元", "rows": rows})
    info = report.report.model_copy(update={"unit_name": unit_name} if unit_name else {})
    render_report(report.model_copy(update={"report": info, "tables": tables}), out)
    return out
