"""Regression snapshot: everything the parser reads from a set of files, as one canonical TSV.

    .venv/bin/python -m benchmarks.amounts_snapshot OUT.tsv [DIR ...] [--jobs N] [--samples]

Parses every file of each DIR (default: ../shared/corpus/real/, ../shared/corpus/crawl-2026/ and
the bundled samples rendered into a temporary folder) with `ingest.parse_document`, in parallel
processes, and writes one line per document, per table and per amount, sorted. Two runs of the
same parser on the same files give identical files: a refactor of the parser must leave
`diff BEFORE.tsv AFTER.tsv` empty.

Lines (tab-separated; tabs and newlines inside values escaped):
- `doc  file  status  reason  reason_page  kind  part  unit_name  fiscal_year  narrative_total  page_count  ocr
   document_id`
- `table  file  #table  code  status  title  first_page  last_page  printed_unit  unit_name  n_amounts`
- `amount  file  code  #amount  page  row_no  label  subject_code  printed_code  row_key  column_key
   amount  amount_text  printed_unit  line_no  x0  x1  top  bottom  column_x0  column_x1`
  (`column_x0/x1`: the extent of the column the amount was placed under, the lineage the
  re-reader judges placement by; empty where no header cell placed it)

`file` is `<folder name>/<file name>`; `#table` and `#amount` are the positions in the parser's
lists, so a change of order shows too. Boxes are rounded to 0.01 pt.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DIRS = (REPO.parent / "shared" / "corpus" / "real", REPO.parent / "shared" / "corpus" / "crawl-2026")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _x(value: float | None) -> float | None:
    return None if value is None else float(value)


def _row(*values: object) -> str:
    return "\t".join(_cell(v) for v in values)


def snapshot_lines(path: Path, name: str) -> list[str]:
    """The snapshot lines of one file (`name`: how the file is named in the snapshot)."""
    from ingest import parse_document

    doc = parse_document(path)
    lines = [
        _row("doc", name, doc.status, doc.reason, doc.reason_page, doc.kind, doc.part, doc.unit_name,
             doc.fiscal_year, doc.narrative_total, doc.page_count, doc.ocr, doc.document_id)
    ]
    for t_idx, table in enumerate(doc.tables):
        lines.append(
            _row("table", name, f"{t_idx:03d}", table.table_code, table.status, table.title, table.first_page,
                 table.last_page, table.printed_unit, table.unit_name, len(table.amounts))
        )
        for a_idx, a in enumerate(table.amounts):
            lines.append(
                _row("amount", name, table.table_code, f"{a_idx:05d}", a.page, a.row_no, a.row_label, a.subject_code,
                     a.printed_code, a.row_key, a.column_key, a.amount, a.amount_text, a.printed_unit, a.line_no,
                     float(a.x0), float(a.x1), float(a.top), float(a.bottom), _x(a.column_x0), _x(a.column_x1))
            )
    return lines


def _job(item: tuple[str, str]) -> tuple[str, list[str], float]:
    path, name = item
    t = time.perf_counter()
    try:
        lines = snapshot_lines(Path(path), name)
    except Exception as exc:  # parse_document never raises; record it if it does
        lines = [_row("doc", name, "EXCEPTION", f"{type(exc).__name__}: {exc}")]
    return name, lines, time.perf_counter() - t


def _files(folder: Path) -> Iterable[tuple[str, str]]:
    for path in sorted(folder.iterdir()):
        if path.is_file():
            yield str(path), f"{folder.name}/{path.name}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("dirs", nargs="*", type=Path, help="folders to parse (default: the corpus and the samples)")
    ap.add_argument("--jobs", "-j", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--samples", action=argparse.BooleanOptionalAction, default=None,
                    help="also the rendered bundled samples (default: only when no DIR is given)")
    args = ap.parse_args(argv)

    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        items: list[tuple[str, str]] = []
        for folder in args.dirs or [d for d in DEFAULT_DIRS if d.is_dir()]:
            # (a relative folder is taken from the working directory, else from the repository)
            items += _files(folder.resolve() if folder.is_dir() else (REPO / folder).resolve())
        if args.samples or (args.samples is None and not args.dirs):
            from samples.render import render_all

            items += [(str(p), f"samples/{p.name}") for p in sorted(render_all(Path(tmp) / "samples"))]
        # Largest first: the long files do not end up last on one worker.
        items.sort(key=lambda it: -Path(it[0]).stat().st_size)
        out: list[str] = []
        slow: list[tuple[float, str]] = []
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            for name, lines, secs in pool.map(_job, items, chunksize=1):
                out += lines
                slow.append((secs, name))
    out.sort()
    args.out.write_text("".join(line + "\n" for line in out), encoding="utf-8")
    counts = {kind: sum(1 for line in out if line.startswith(kind + "\t")) for kind in ("doc", "table", "amount")}
    print(f"{args.out}: {len(out)} lines ({counts['doc']} documents, {counts['table']} tables, "
          f"{counts['amount']} amounts) in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    for secs, name in sorted(slow, reverse=True)[:3]:
        print(f"  slowest: {name} {secs:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
