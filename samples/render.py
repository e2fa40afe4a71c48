"""Render the project's sample 部门决算 PDFs, with exact ground truth.

Each ``samples/data/*.yaml`` holds the nine standard tables (公开01–09) of one report, transcribed
exactly as the publisher printed them, plus ``layout`` options that reproduce the traps real
reports set for a parser (landscape and rotated pages, tables split over pages, codes split into
类 | 款 | 项 cells or cut short, wrapped names, two tables on a page ...). ``samples/generator``
builds random reports of the same model from a seed.

``render_report`` draws the PDF with reportlab and returns one :class:`TruthAmount` per printed
amount: which table, page, row and column it belongs to, and where it was drawn. The parser's
tests compare what it reads against this truth, so the PDFs carry nothing a parser could use
that a real report lacks: no tags, no hidden text, no metadata beyond a title.

The work is split by job: ``model`` (data model, validation, truth), ``pages`` (fonts, page
operations, emission), ``grids`` (one grid builder per table shape), ``drawer`` (column widths,
header and rows of one grid), ``document`` (page assembly: cover, 目录, tables, narrative).

How the tables are printed (what a parser meets), with the default layout:

- 02/03/05/07/08: columns 类 | 款 | 项 | 科目名称 | amounts; header rows ``项目`` / ``功能分类科目编码``
  + ``科目名称`` / ``类 款 项 栏次 1 2 …``. Code styles: full = one code cell spanning the three
  code columns, left-aligned; split = ``210`` | ``01`` | ``01`` centred in their own cells (a 类
  row fills only 类); truncated = full with 7-digit codes cut to 6; wrapped = a narrow code cell
  breaking 7-digit codes after 6 digits; clipped = a narrow code cell cutting the 7th digit with a
  clipping path. The 合计 row prints ``合计`` centred in the 科目名称 column and no code.
- 01/04: income label | 行(次) | amount, spending label | 行(次) | amount(s), one printed line
  holding both sides; 类 rows print their name only (``九、卫生健康支出``), no code.
- 06: three groups (code | name | 决算数); the last line holds ``人员经费合计`` (merged over the
  left group's code and name) and ``公用经费合计`` (merged from the middle group's code to the
  right group's name, its amount in the right group's 决算数 column).
- 09: header 预算数 | 决算数, each 合计, 因公出国（境）费, 公务用车购置及运行维护费 {小计,
  公务用车购置费, 公务用车运行维护费}, 公务接待费, then a ``1 … 12`` row, then one data row
  (or none). 01/04 labels that do not fit are shrunk, other names wrap within their cell.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import yaml

from samples.document import render_report
from samples.model import (
    COLUMNS,
    DATA_DIR,
    FUNCTION_TABLES,
    ROW_KEYS,
    SIDE_COLUMNS,
    TABLE_CODES,
    TITLES,
    Layout,
    SampleReport,
    SampleRow,
    SampleTable,
    TableCode,
    TruthAmount,
    load_report,
)

__all__ = [
    "COLUMNS",
    "DATA_DIR",
    "FUNCTION_TABLES",
    "ROW_KEYS",
    "SIDE_COLUMNS",
    "TABLE_CODES",
    "TITLES",
    "Layout",
    "SampleReport",
    "SampleRow",
    "SampleTable",
    "TableCode",
    "TruthAmount",
    "load_report",
    "main",
    "render_all",
    "render_report",
    "render_variant",
    "sample_paths",
]


def sample_paths() -> list[Path]:
    return sorted(DATA_DIR.glob("*.yaml"))


def render_variant(
    stem: str, out_dir: Path, name: str, edit: Callable[[dict], None] | None = None
) -> Path:
    """Render OUT_DIR/<name>.pdf from samples/data/<stem>.yaml as changed by `edit(data)` (an
    altered amount, a dropped table …), for tests of what the pipeline makes of such a report."""
    data = yaml.safe_load((DATA_DIR / f"{stem}.yaml").read_text(encoding="utf-8"))
    if edit is not None:
        edit(data)
    src = Path(out_dir) / f"{name}.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = Path(out_dir) / f"{name}.pdf"
    render_report(load_report(src), out)
    return out


def render_all(out_dir: Path) -> dict[Path, list[TruthAmount]]:
    """Render every samples/data/*.yaml to OUT_DIR/<stem>.pdf plus <stem>.truth.json."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    result: dict[Path, list[TruthAmount]] = {}
    for path in sample_paths():
        pdf = out_dir / f"{path.stem}.pdf"
        truths = render_report(load_report(path), pdf)
        (out_dir / f"{path.stem}.truth.json").write_text(
            json.dumps([t.to_json() for t in truths], ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        result[pdf] = truths
    return result


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m samples.render", description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args(list(argv) if argv is not None else None)
    start = time.perf_counter()
    rendered = render_all(args.out_dir)
    for pdf, truths in rendered.items():
        print(f"{pdf}  {len(truths)} amounts")
    print(f"{len(rendered)} reports in {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
