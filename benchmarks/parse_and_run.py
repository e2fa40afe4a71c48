"""Benchmark: parse cost per page against bare pdfplumber, and `fiscal run` split by stage.

    make bench            (or: .venv/bin/python -m benchmarks.parse_and_run [--repeat N])

Bare pdfplumber cost = open the file + `extract_words()` + `lines` on every page, measured in
the same process and run as the parser, interleaved, best of N, in CPU seconds of this process
(both are single-threaded: CPU time is their cost, and it does not vary with what else the
machine runs, as wall time does). The target (issue "Read every layout"): parse time per page
≤ 1.3 × bare pdfplumber per page. Then the first bundled sample scanned (samples/scan.py)
and read by OCR once: seconds per recognised page; and the gate's re-reader asked about all its
pages (the second recogniser reading each line's amounts again): seconds per line.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pdfplumber

from ingest import parse_document
from ingest.reread import StoredAmount, amount_lines, unconfirmed_lines
from samples.render import render_report


def bare_pdfplumber(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_words()
            _ = page.lines
        return len(pdf.pages)


def best_of(fn, repeat: int) -> float:
    """The least CPU seconds `fn` took over `repeat` calls."""
    times = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-run", action="store_true", help="only the parse benchmarks")
    ap.add_argument("--skip-scan", action="store_true", help="without the OCR benchmark")
    args = ap.parse_args()

    from samples.render import render_all

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        pdfs = sorted(render_all(root / "samples"))
        print(f"{'file':45} {'pages':>5} {'bare ms/p':>10} {'parse ms/p':>11} {'ratio':>6}")
        total_pages = 0
        bare_total = parse_total = 0.0
        ratios = []
        for pdf in pdfs:
            pages = bare_pdfplumber(pdf)  # warm the OS cache and fonts
            parse_document(pdf)
            bare = best_of(lambda p=pdf: bare_pdfplumber(p), args.repeat)
            parsed = best_of(lambda p=pdf: parse_document(p), args.repeat)
            total_pages += pages
            bare_total += bare
            parse_total += parsed
            ratios.append(parsed / bare)
            print(f"{pdf.name:45} {pages:5d} {1000 * bare / pages:10.1f} {1000 * parsed / pages:11.1f} "
                  f"{parsed / bare:6.2f}")
        print(f"{'ALL':45} {total_pages:5d} {1000 * bare_total / total_pages:10.1f} "
              f"{1000 * parse_total / total_pages:11.1f} {parse_total / bare_total:6.2f}"
              f"   (median per-file ratio {statistics.median(ratios):.2f}; target ≤ 1.30)")

        if not args.skip_scan:
            ocr_benchmark(root / "scan")
        if args.skip_run:
            return
        from orchestration.runner import run_pipeline

        t = time.perf_counter()
        summary = run_pipeline([root / "samples"], root / "warehouse")
        wall = time.perf_counter() - t
        steps = summary.step_seconds
        stage = {
            "landing": steps.get("landing__files", 0.0),
            "parse": steps.get("raw_documents", 0.0),
            "dbt": steps.get("dbt_before_gate", 0.0) + steps.get("dbt_after_gate", 0.0),
            "checks (Great Expectations gate)": steps.get("gate__check_results", 0.0),
            "publish": steps.get("published__marts", 0.0),
        }
        other = wall - sum(stage.values())
        print(f"\nfiscal run on {len(pdfs)} sample reports ({total_pages} pages): {wall:.1f} s wall, "
              f"published={summary.published}")
        for name, secs in [*stage.items(), ("other (Dagster start-up, between steps)", other)]:
            print(f"  {name:30} {secs:7.2f} s")


def ocr_benchmark(folder: Path) -> None:
    """Seconds per page of a scanned document: the first bundled sample, printed with embedded
    fonts, scanned (seed 0) and parsed once (recognition is the cost: best-of-N would be long)."""
    from samples.render import load_report, sample_paths
    from samples.scan import for_scanning, scan_pdf

    sample = sample_paths()[0]
    printed, scanned = folder / "printed.pdf", folder / f"{sample.stem}-scanned.pdf"
    folder.mkdir(parents=True, exist_ok=True)
    render_report(for_scanning(load_report(sample)), printed)
    settings = scan_pdf(printed, scanned, 0)
    t = time.perf_counter()
    doc = parse_document(scanned)
    secs = time.perf_counter() - t
    pages = doc.page_count or 1
    print(f"\nOCR: {scanned.name} ({pages} pages scanned at {settings.dpi} dpi): {secs:.1f} s, "
          f"{secs / pages:.2f} s per page; {doc.status}{'' if doc.status == 'parsed' else f' ({doc.reason})'}")
    # The gate's re-reader on every page (a failed rule asks it about its pages only): each line's
    # amounts read again by the second recogniser (ingest/ocr_second.py).
    stored = [StoredAmount(a.page, a.amount_text, a.x0, a.x1, a.top, a.bottom) for a in doc.amounts]
    lines = unconfirmed = 0
    t = time.perf_counter()
    with pdfplumber.open(scanned) as pdf:
        for number in sorted({a.page for a in stored}):
            on_page = [a for a in stored if a.page == number]
            lines += len(amount_lines(on_page))
            unconfirmed += len(unconfirmed_lines(pdf.pages[number - 1], on_page))
    secs = time.perf_counter() - t
    print(f"Re-reader (second recogniser): {len(stored)} amounts on {lines} lines: {secs:.1f} s, "
          f"{secs / max(lines, 1):.2f} s per line; {unconfirmed} lines not confirmed")


if __name__ == "__main__":
    main()
