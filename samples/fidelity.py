"""How exactly the parser reads generated reports, broken down by layout variable.

    python -m samples.fidelity --seeds N [--kind final|budget|both] [--start S] [--out DIR] [--workers W] [--pipeline]
        [--scan] [--inconsistent]
    make fidelity SEEDS=500

Each seed is generated (samples.generator: a 部门决算, or with ``--kind budget`` a 部门预算 of a
family drawn per seed, national or 上海; ``both``, the default, N of each, reported apart), rendered
with its exact truth, and read back with
``ingest.parse_document``; every printed amount is compared with the truth on the key the sample
tests use (table, page, subject code or row key, column, amount, row label). Per report:

- parsed: the parser returned ``parsed`` (not quarantined or rejected);
- exact: parsed, and the amounts read are exactly the truth (nothing missing, nothing extra);
- misplaced: amounts read that are not in the truth (wrong table, row, column or value). These are
  the dangerous ones: they would be published;
- missing: printed amounts the parser did not return (all of them when it quarantined).

The summary is broken down per value of every layout and data variable, with the first reason of
each failed seed and the most frequent reasons, so a regression points at its variable. With
``--pipeline`` the rendered folder also goes through the real pipeline (as ``fiscal corpus-report``
does): published / flagged / quarantined per variable, and every flagged report listed — a
generated report is consistent by construction, so a flag there is a false publisher flag.

``--inconsistent`` prints each report with a real publisher inconsistency instead: its
一般公共预算财政拨款收入 (``inc_general_budget``, the first table's first amount of that row) 100
printed units higher (100.00 万元, or 100 元 in a whole-元 table) than the total it adds up to (the
truth is what is printed). Every such report must then be published *flagged* (the gate's rule
fails and its re-reader confirms the printed numbers): the pipeline summary counts the reports
flagged, and a published report is a missed inconsistency.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from samples.model import TruthAmount

KEY_FIELDS = ("table_code", "page", "subject_code", "row_key", "column_key", "amount", "row_label")


def amount_key(a: Any) -> tuple:
    """The comparison key of tests/test_parse_samples.py, for a TruthAmount or a parsed Amount."""
    return (a.table_code, a.page, a.subject_code, a.row_key, a.column_key, str(a.amount), a.row_label)


def stem(kind: str, seed: int) -> str:
    """File stem of a generated report: gen-00042 (决算), budget-00042 (预算)."""
    return f"{'budget' if kind == 'budget' else 'gen'}-{seed:05d}"


@dataclass
class SeedResult:
    seed: int
    variables: dict[str, str]
    status: str
    reason: str | None
    truth: int  # printed amounts
    exact_amounts: int  # read with the right key
    misplaced: int  # read, but not in the truth
    missing: int  # printed, not read right (all of them when not parsed)
    first_reason: str | None  # why this seed is not exact; None when exact
    misplaced_examples: list[str] = field(default_factory=list)
    render_s: float = 0.0
    parse_s: float = 0.0
    kind: str = "final"

    @property
    def parsed(self) -> bool:
        return self.status == "parsed"

    @property
    def exact(self) -> bool:
        return self.parsed and self.misplaced == 0 and self.missing == 0


def _describe(a: Any) -> str:
    where = a.subject_code or a.row_key or "?"
    return f"{a.table_code} p{a.page} {where}/{a.column_key} {a.amount} '{a.row_label}'"


def _misplacement(read: Any, truths: Sequence[TruthAmount]) -> str:
    """What is wrong with an amount read that the truth does not have, against the printed one."""
    near = [t for t in truths if t.page == read.page and abs(t.x1 - read.x1) < 1.5 and abs(t.top - read.top) < 1.5]
    if not near:
        same = [t for t in truths if t.page == read.page and t.amount == read.amount]
        if not same:
            return f"misplaced {read.table_code}: value not printed there ({_describe(read)})"
        near = same[:1]
    t = near[0]
    diffs = [
        f"{name} {getattr(t, name)!r}→{getattr(read, name)!r}"
        for name in KEY_FIELDS
        if str(getattr(t, name)) != str(getattr(read, name))
    ]
    return f"misplaced {t.table_code}: " + "; ".join(diffs)


def compare(truths: Sequence[TruthAmount], doc: Any) -> tuple[int, int, int, str | None, list[str]]:
    """(exact, misplaced, missing, first reason, misplaced examples) of one parsed document."""
    expected = Counter(amount_key(t) for t in truths)
    if doc.status != "parsed":
        where = f" (page {doc.reason_page})" if doc.reason_page else ""
        return 0, 0, len(truths), f"{doc.status}: {doc.reason}{where}", []
    got = Counter(amount_key(a) for a in doc.amounts)
    matched = sum((expected & got).values())
    extra = got - expected
    missing = expected - got
    examples = [_misplacement(a, truths) for a in doc.amounts if extra.get(amount_key(a), 0) > 0][:5]
    first = examples[0] if examples else None
    if first is None and missing:
        key = next(iter(missing))
        t = next(t for t in truths if amount_key(t) == key)
        first = f"missing {t.table_code}: {_describe(t)}"
    n_extra = sum(extra.values())
    return matched, n_extra, max(0, sum(missing.values()) - n_extra), first, examples


def run_seed(
    seed: int, out_dir: str, kind: str = "final", scan: bool = False, inconsistent: bool = False
) -> SeedResult:
    """`scan`: the rendered report is scanned (samples.scan) and the image-only PDF is read;
    `inconsistent`: one amount printed off its total (`make_inconsistent`)."""
    from ingest import parse_document
    from samples.document import render_report
    from samples.generator import generate_kind
    from samples.scan import for_scanning, scan_pdf

    start = time.perf_counter()
    generated = generate_kind(kind, seed)
    if inconsistent:
        make_inconsistent(generated.report)
    pdf = Path(out_dir) / "pdf" / f"{stem(kind, seed)}.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    variables = dict(generated.variables)
    if scan:
        printed = Path(out_dir) / "printed" / pdf.name
        printed.parent.mkdir(parents=True, exist_ok=True)
        truths = render_report(for_scanning(generated.report), printed)
        variables["font"] = "ttf"  # (scanned pages are printed with embedded fonts)
        variables.update(scan_pdf(printed, pdf, seed).variables())
    else:
        truths = render_report(generated.report, pdf)
    rendered = time.perf_counter()
    doc = parse_document(pdf)
    parsed = time.perf_counter()
    exact, misplaced, missing, first, examples = compare(truths, doc)
    truth_path = Path(out_dir) / "truth" / f"{stem(kind, seed)}.truth.json"
    truth_path.parent.mkdir(parents=True, exist_ok=True)
    truth_path.write_text(json.dumps([t.to_json() for t in truths], ensure_ascii=False) + "\n", encoding="utf-8")
    return SeedResult(
        seed, variables, doc.status, doc.reason, len(truths), exact, misplaced, missing, first, examples,
        rendered - start, parsed - rendered, kind,
    )  # fmt: skip


# What `--inconsistent` prints higher than its total adds up to: a line of every report's first table.
INCONSISTENT_ROW = "inc_general_budget"
# (in the printed unit, at the amount's own precision: whole 元 stay whole; far beyond rounding, whose
# tolerance is half a printed unit per addend: a template printing whole 万元 allows several 万元)
INCONSISTENT_BY = Decimal(100)


def make_inconsistent(report: Any) -> None:
    """Print the report's `INCONSISTENT_ROW` amount `INCONSISTENT_BY` higher (the first table
    holding that row, its first amount): its income total no longer adds up."""
    row = next(r for code in sorted(report.tables) for r in report.tables[code].rows if r.row_key == INCONSISTENT_ROW)
    column = next(iter(row.amounts))
    row.amounts[column] = (row.amounts[column] + INCONSISTENT_BY).quantize(row.amounts[column])


def reason_group(reason: str | None) -> str:
    """A failure reason with its particulars (numbers, quoted names, pages) removed, for counting."""
    if not reason:
        return ""
    text = reason
    if not text.startswith("misplaced"):  # a misplacement keeps its column and row keys
        text = re.sub(r"'[^']*'|\"[^\"]*\"|（[^）]*）", "'…'", text)
    text = re.sub(r"\(page \d+\)", "", text)
    text = re.sub(r"(?<!table )(?<!misplaced )\b\d+(\.\d+)?", "N", text)
    return text.strip()


def run_seeds(
    seeds: Iterable[int],
    out_dir: Path,
    workers: int,
    progress: bool = True,
    kinds: Sequence[str] = ("final",),
    scan: bool = False,
    inconsistent: bool = False,
) -> list[SeedResult]:
    seeds = list(seeds)
    results: list[SeedResult] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(run_seed, s, str(out_dir), k, scan, inconsistent): s for k in kinds for s in seeds}
        for done, fut in enumerate(as_completed(futures), start=1):
            results.append(fut.result())
            if progress and (scan or done % 10 == 0 or done == len(futures)):
                print(f"  {done}/{len(futures)} reports read", file=sys.stderr, flush=True)
    return sorted(results, key=lambda r: (r.kind != "final", r.seed))


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f}%" if d else "    -"


def summarize(results: Sequence[SeedResult], wall: float, workers: int) -> str:
    n = len(results)
    lines: list[str] = []
    truth = sum(r.truth for r in results)
    parsed = sum(r.parsed for r in results)
    exact = sum(r.exact for r in results)
    what = "预算 (部门预算, by family)" if results[0].kind == "budget" else "决算"
    if "scan_dpi" in results[0].variables:
        what = f"scanned {what}"
    lines.append(
        f"fidelity: {n} generated {what} reports (seeds {results[0].seed}–{results[-1].seed}), "
        f"{truth:,} printed amounts, {workers} workers, {wall:.0f} s wall"
    )
    lines.append(
        f"per report: render {statistics.median(r.render_s for r in results):.2f} s, "
        f"parse {statistics.median(r.parse_s for r in results):.2f} s (median, one core)"
    )
    lines.append(f"parsed:                 {parsed}/{n} ({_pct(parsed, n).strip()})")
    lines.append(f"every amount exact:     {exact}/{n} ({_pct(exact, n).strip()})")
    read_right = sum(r.exact_amounts for r in results)
    lines.append(f"amounts read right:     {read_right:,}/{truth:,} ({_pct(read_right, truth).strip()})")
    misplaced = [r for r in results if r.misplaced]
    lines.append(
        f"misplaced amounts:      {sum(r.misplaced for r in results)} in {len(misplaced)} parsed reports "
        "(read but wrong table/row/column/value: would be published)"
    )
    lines.append(f"missing amounts:        {sum(r.missing for r in results):,} (quarantined reports count whole)")
    # a parsed report without some of its printed amounts is published incomplete, in silence
    silent = [r for r in results if r.parsed and r.missing]
    lines.append(
        f"parsed, amounts lost:   {sum(r.missing for r in silent)} in {len(silent)} parsed reports "
        "(printed, not read, yet published)"
    )
    groups = Counter(reason_group(r.first_reason) for r in results if not r.exact)
    lines.append("")
    lines.append("top failure reasons (first reason per failed report):")
    for reason, count in groups.most_common(15):
        lines.append(f"  {count:5d}  {reason}")
    lines.append("")
    lines.append(f"{'variable':<20}{'value':<18}{'reports':>8}{'parsed':>9}{'exact':>9}{'misplaced':>11}{'missing':>9}")
    by_var: dict[tuple[str, str], list[SeedResult]] = defaultdict(list)
    for r in results:
        for name, value in r.variables.items():
            by_var[name, value].append(r)
    for (name, value), rs in sorted(by_var.items()):
        k = len(rs)
        lines.append(
            f"{name:<20}{value:<18}{k:>8}{_pct(sum(r.parsed for r in rs), k):>9}{_pct(sum(r.exact for r in rs), k):>9}"
            f"{sum(r.misplaced for r in rs):>11}{sum(r.missing for r in rs):>9}"
        )
    lines.append("")
    lines.append("failed seeds (seed: first reason):")
    for r in results:
        if not r.exact:
            lines.append(f"  {r.seed}: {r.first_reason}")
    return "\n".join(lines)


def pipeline_report(pdf_dir: Path, results: Sequence[SeedResult], warehouse: Path, inconsistent: bool = False) -> str:
    """Run the real pipeline over the rendered PDFs; status per layout variable, false flags (or,
    of reports printed `inconsistent`, how many were flagged)."""
    from orchestration.corpus_report import corpus_report

    _, files = corpus_report([pdf_dir], warehouse)
    status = {f.file_name: (f.status, f.reason) for f in files}
    by_seed = {f"{stem(r.kind, r.seed)}.pdf": r for r in results}
    lines = ["", "pipeline (orchestration.runner.run_pipeline over the rendered folder):"]
    counts = Counter(s for s, _ in status.values())
    lines.append("  " + "   ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
    by_var: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for name, r in by_seed.items():
        st = status.get(name, ("missing", None))[0]
        for var, value in {"kind": r.kind, **r.variables}.items():
            by_var[var, value][st] += 1
    lines.append(f"{'variable':<20}{'value':<18}{'published':>10}{'flagged':>9}{'quarantined':>12}{'other':>7}")
    for (var, value), c in sorted(by_var.items()):
        other = sum(c.values()) - c["published"] - c["flagged"] - c["quarantined"]
        lines.append(f"{var:<20}{value:<18}{c['published']:>10}{c['flagged']:>9}{c['quarantined']:>12}{other:>7}")
    flagged = [(n, reason) for n, (s, reason) in sorted(status.items()) if s == "flagged"]
    if inconsistent:
        missed = [n for n, (s, _) in sorted(status.items()) if s == "published"]
        lines.append(
            f"inconsistencies printed: {len(status)}, flagged: {len(flagged)}, published unflagged: {len(missed)}"
        )
        lines += [f"  {n}: {reason}" for n, reason in flagged]
        lines += [f"  {n}: published, not flagged" for n in missed]
        return "\n".join(lines)
    lines.append(f"false publisher flags: {len(flagged)}")
    lines += [f"  {n}: {reason}" for n, reason in flagged]
    # (the target: what is not read exactly must not reach the published marts)
    wrong = [
        (n, r)
        for n, r in by_seed.items()
        if status.get(n, ("missing", None))[0] in ("published", "flagged") and r.misplaced
    ]
    lines.append(f"published with misplaced amounts: {len(wrong)}")
    lines += [f"  {n}: {r.misplaced_examples[0] if r.misplaced_examples else r.misplaced}" for n, r in wrong]
    return "\n".join(lines)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m samples.fidelity", description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, required=True, help="how many reports to generate")
    parser.add_argument("--start", type=int, default=0, help="first seed (default 0)")
    parser.add_argument(
        "--kind", choices=("final", "budget", "both"), default="both", help="决算, 预算 or both (N of each)"
    )
    parser.add_argument("--out", type=Path, help="keep the PDFs, truths and results.jsonl here")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--pipeline", action="store_true", help="also run the pipeline on the rendered folder")
    parser.add_argument(
        "--scan", action="store_true", help="read scans of the reports (samples.scan: image-only PDFs, by OCR)"
    )
    parser.add_argument(
        "--inconsistent", action="store_true", help="print one amount off its total: each report must be flagged"
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    with tempfile.TemporaryDirectory(prefix="fidelity-") as tmp:
        out = args.out or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        kinds = ("final", "budget") if args.kind == "both" else (args.kind,)
        results = run_seeds(
            range(args.start, args.start + args.seeds),
            out,
            args.workers,
            kinds=kinds,
            scan=args.scan,
            inconsistent=args.inconsistent,
        )
        wall = time.perf_counter() - start
        text = "\n\n".join(summarize([r for r in results if r.kind == k], wall, args.workers) for k in kinds)
        with (out / "results.jsonl").open("w", encoding="utf-8") as fh:
            for r in results:
                fh.write(json.dumps(asdict(r), ensure_ascii=False) + "\n")
        print(text)
        if args.pipeline:
            print(pipeline_report(out / "pdf", results, out / "warehouse", args.inconsistent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
