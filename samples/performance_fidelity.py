"""How exactly the parser reads generated 绩效 tables, per template family, printed or scanned.

    python -m samples.performance_fidelity --seeds N [--start S] [--family F ...] [--scan] [--workers W]

Each seed of each family is rendered with its truth (`samples.performance`: the 项目/整体 自评表 of
the central and 宁德 families; `samples.performance_targets`: 北京's 目标表 with the operator in a
column of its own, and 广东's inline lists; `samples.performance_hubei`: 湖北's 整体支出绩效目标
自评表, seed 004's layout), with `--scan` scanned (`samples.scan`: every page an image, read by
both recognisers), and read back with `ingest.parse_document`. Per table: published (read), and
exact (every field of the table, its indicator rows and money lines as the truth says:
`mismatches`). A table published but not exact is the dangerous count: it would reach the marts;
so is a table lost without a record (the file's others published, no reason held for it).
A scan's targets are compared as the record contract has them read (`≧ ≦ ＝` as `≥ ≤ =`).
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from samples.performance import TruthFund, TruthIndicator, TruthTable, render_performance
from samples.performance_hubei import render_hubei
from samples.performance_targets import render_column_targets, render_targets

INDICATOR_FIELDS = [f.name for f in dataclasses.fields(TruthIndicator) if f.name != "printed_target"]
FUND_FIELDS = [f.name for f in dataclasses.fields(TruthFund) if f.name != "printed"]
TABLE_FIELDS = ["family", "scope", "project", "printed_unit", "first_page", "last_page", "total_weight", "total_score"]

# family → renderer (seed, PDF) → the truth of its tables
FAMILIES: dict[str, Callable[[int, Path], list[TruthTable]]] = {
    "self_evaluation": render_performance,  # (even seeds 项目 tables, odd one 整体 table)
    "targets_columns": render_column_targets,
    "targets_inline": render_targets,
    "hubei": lambda seed, pdf: [render_hubei(seed, pdf)],
}
# How both recognisers read the full-width comparison signs (docs/record-contract.md, 绩效 tables)
_AS_RECOGNISED = str.maketrans({"≧": "≥", "≦": "≤", "＝": "="})


def mismatches(truth: Sequence[TruthTable], got: Sequence[Any], page_offset: int = 0) -> list[str]:
    """What the tables read (`PerformanceTable`s) get wrong against the truth, field by field."""
    if len(truth) != len(got):
        return [f"{len(got)} tables read, {len(truth)} drawn"]
    out = []
    for t, g in zip(truth, got, strict=True):
        if g.status != "read":
            out.append(f"table {t.title}: {g.reason}")
        for name in TABLE_FIELDS:
            want = getattr(t, name) + page_offset if name.endswith("_page") else getattr(t, name)
            if want != getattr(g, name):
                out.append(f"{t.title} {name}: {want!r} read {getattr(g, name)!r}")
        rows = [(t.indicators, g.indicators, INDICATOR_FIELDS), (t.funds, g.funds, FUND_FIELDS)]
        for want_rows, got_rows, fields in rows:
            if len(want_rows) != len(got_rows):
                out.append(f"{t.title}: {len(got_rows)} rows read, {len(want_rows)} drawn")
                continue
            for w, r in zip(want_rows, got_rows, strict=True):
                for name in fields:
                    want = getattr(w, name) + page_offset if name == "page" else getattr(w, name)
                    if want != getattr(r, name):
                        out.append(
                            f"{t.title} row {getattr(w, 'level3', getattr(w, 'label', ''))} {name}: "
                            f"{want!r} read {getattr(r, name)!r}"
                        )
    return out


def as_recognised(truth: list[TruthTable]) -> list[TruthTable]:
    """The truth as a scan's tables are published: targets and actuals with `≧ ≦ ＝` as `≥ ≤ =`."""
    out = copy.deepcopy(truth)
    for table in out:
        table.indicators = [
            dataclasses.replace(
                i,
                target=i.target.translate(_AS_RECOGNISED) if i.target else i.target,
                actual=i.actual.translate(_AS_RECOGNISED) if i.actual else i.actual,
            )
            for i in table.indicators
        ]
    return out


@dataclasses.dataclass
class Result:
    family: str
    seed: int
    drawn: int = 0
    published: int = 0
    exact: int = 0
    wrong: list[str] = dataclasses.field(default_factory=list)  # published, not exact: first mismatch each
    held: list[str] = dataclasses.field(default_factory=list)  # quarantined: the reason each
    seconds: float = 0.0


def read_seed(family: str, seed: int, out: Path, scan: bool) -> Result:
    from ingest import parse_document
    from samples.scan import scan_pdf

    pdf = out / f"{family}-{seed}.pdf"
    truth = FAMILIES[family](seed, pdf)
    if scan:
        scanned = out / f"{family}-{seed}-scan.pdf"
        scan_pdf(pdf, scanned, seed=seed)
        pdf, truth = scanned, as_recognised(truth)
    start = time.perf_counter()
    doc = parse_document(pdf)
    result = Result(family, seed, drawn=len(truth), seconds=time.perf_counter() - start)
    if doc.status != "parsed":  # (nothing of a quarantined or rejected file is published)
        result.held.append(f"the file {doc.status}: {doc.reason}")
        # (and why each of its tables was held back, where not for the file's reason)
        tables = [t for t in doc.performance if t.reason not in (None, doc.reason)]
        result.held += [f"  page {t.first_page}: {t.reason}" for t in tables]
        return result
    same = len(doc.performance) == len(truth)
    pairs = zip(truth, doc.performance, strict=True) if same else _paired(truth, doc, result)
    for want, got in pairs:
        if got is None:
            continue
        if got.status != "read":
            result.held.append(f"page {got.first_page}: {got.reason}")
            continue
        result.published += 1
        if wrong := mismatches([want], [got]):
            result.wrong.append(f"page {got.first_page}: {wrong[0]}")
        else:
            result.exact += 1
    return result


def summary(results: list[Result]) -> str:
    lines = [f"{'family':<18}{'seeds':>6}{'tables':>8}{'published':>11}{'exact':>7}{'wrong':>7}{'s/doc':>7}"]
    for family in FAMILIES:
        mine = [r for r in results if r.family == family]
        if not mine:
            continue
        total = {k: sum(getattr(r, k) for r in mine) for k in ("drawn", "published", "exact")}
        seconds = sum(r.seconds for r in mine) / len(mine)
        wrong = sum(len(r.wrong) for r in mine)
        lines.append(
            f"{family:<18}{len(mine):>6}{total['drawn']:>8}{total['published']:>11}{total['exact']:>7}{wrong:>7}"
            f"{seconds:>7.1f}"
        )
    lines.append("wrong (published not exact: would reach the marts; or lost without a record):")
    lines += [f"  {r.family} {r.seed} {w}" for r in results for w in r.wrong] or ["  none"]
    lines.append("quarantined:")
    lines += [f"  {r.family} {r.seed} {h[:200]}" for r in results for h in r.held] or ["  none"]
    return "\n".join(lines)


def _paired(truth: list[TruthTable], doc: Any, result: Result) -> list[tuple[TruthTable, Any]]:
    """Where the tables read are not as many as drawn: each drawn table with the table read of
    its first page and project, or None where one read or held covers its first page otherwise
    (a table read into the one before it: not published, `held`). A drawn table no table read or
    held covers is lost without a record, and one published that no drawn table is is not what
    was printed: both are `wrong` (the file's other tables are published)."""
    note = f"{len(doc.performance)} tables read, {len(truth)} drawn"
    out: list[tuple[TruthTable, Any]] = []
    free = list(doc.performance)  # (each table read is one drawn table's at most: in order)
    for want in truth:
        got = next((g for g in free if (g.first_page, g.project) == (want.first_page, want.project)), None)
        if got is not None:
            free.remove(got)
        cover = next((g for g in doc.performance if g.first_page <= want.first_page <= g.last_page), None)
        if got is None and cover is None:
            result.wrong.append(f"{note}: the table drawn on page {want.first_page} ({want.project}) lost unrecorded")
        elif got is None:
            where = f"pages {cover.first_page}–{cover.last_page} ({cover.project})"
            result.held.append(f"{note}: page {want.first_page}'s read within the table of {where}: {cover.reason}")
        out.append((want, got))
    for got in free:
        if got.status == "read":
            result.wrong.append(f"{note}: a table published on page {got.first_page} ({got.project}) never drawn")
    return out


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m samples.performance_fidelity", description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, required=True, help="how many seeds of each family")
    parser.add_argument("--start", type=int, default=0, help="first seed (default 0)")
    parser.add_argument("--family", choices=list(FAMILIES), action="append", help="the families (default: all)")
    parser.add_argument("--scan", action="store_true", help="read scans of the tables (samples.scan, by OCR)")
    parser.add_argument("--out", type=Path, help="keep the PDFs here")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(list(argv) if argv is not None else None)
    with tempfile.TemporaryDirectory(prefix="performance-fidelity-") as tmp:
        out = args.out or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        jobs = [(f, s) for f in args.family or FAMILIES for s in range(args.start, args.start + args.seeds)]
        with ProcessPoolExecutor(max_workers=max(args.workers, 1)) as pool:
            futures = [pool.submit(read_seed, f, s, out, args.scan) for f, s in jobs]
            results = [f.result() for f in futures]
    print(summary(results))
    return 1 if any(r.wrong for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
