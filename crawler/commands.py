"""What `fiscal crawl` and `fiscal district add` do (orchestration/cli.py only delegates here).

Exit codes of a crawl: 0 every district was crawled (per-file failures are recorded and listed),
1 a district failed as a whole, 2 usage or configuration error.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

from crawler.crawl import QUIET, CrawlRun, DistrictResult
from crawler.districts import DISTRICTS_DIR, District, DistrictError, load_districts, scaffold

EXIT_OK, EXIT_DISTRICT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def select_districts(folder: Path, ids: list[str] | None) -> list[District]:
    """The districts named (verified or not), else every enabled and verified one."""
    if not folder.is_dir():
        raise UsageError(f"no districts folder: {folder}")
    try:
        districts = load_districts(folder)
    except DistrictError as exc:
        raise UsageError(str(exc)) from exc
    if ids:
        by_id = {d.id: d for d in districts}
        unknown = [i for i in ids if i not in by_id]
        if unknown:
            raise UsageError(f"unknown district(s): {', '.join(unknown)} (known: {', '.join(sorted(by_id))})")
        return [by_id[i] for i in ids]
    return [d for d in districts if d.enabled and d.verified]


def print_summary(results: list[DistrictResult], console: Console, run_id: str) -> None:
    table = Table("district", "status", "requests", "bytes", "files found", "new", "304", "failed",
                  title=f"crawl {run_id}")
    for r in results:
        colour = "green" if r.status == "crawled" else "red"
        failed = sum(n for outcome, n in r.outcomes.items() if outcome not in QUIET)
        table.add_row(r.district_id, f"[{colour}]{r.status}[/]", str(r.requests), f"{r.bytes:,}",
                      str(r.files_found), str(len(r.landed)), str(r.outcomes.get("not_modified", 0)), str(failed))
    console.print(table)
    for r in results:
        if r.status == "failed":
            console.print(f"[red]{r.district_id} failed:[/] {r.reason}", markup=True, highlight=False)
        if r.hosts:
            per_host = "; ".join(
                f"{host}: " + ", ".join(f"{o} ×{n}" for o, n in sorted(c.items()))
                for host, c in sorted(r.hosts.items())
            )
            console.print(f"{r.district_id} problems by host: {per_host}", markup=False, highlight=False)
        for url, outcome, reason in r.failures[:50]:
            console.print(f"  {outcome}: {url} — {reason}", markup=False, highlight=False)
        if len(r.failures) > 50:
            console.print(f"  … and {len(r.failures) - 50} more (raw.crawl_fetches)", markup=False)


def crawl_command(
    warehouse: Path, ids: list[str] | None, districts_dir: Path = DISTRICTS_DIR,
    console: Console | None = None, client: httpx.Client | None = None,
) -> tuple[int, list[DistrictResult]]:
    console = console or Console(stderr=True)
    try:
        districts = select_districts(districts_dir, ids)
    except UsageError as exc:
        console.print(f"[red]error:[/] {exc}", highlight=False)
        return EXIT_USAGE, []
    if not districts:
        console.print("no enabled and verified district to crawl (name one with --district)")
        return EXIT_OK, []
    run = CrawlRun(warehouse.resolve(), client=client)
    results = run.crawl(districts)
    print_summary(results, console, run.run_id)
    totals = Counter(o for r in results for o in r.outcomes.elements())
    console.print(
        f"landed {sum(len(r.landed) for r in results)} new file(s); "
        + ", ".join(f"{k} {v}" for k, v in sorted(totals.items())),
        markup=False, highlight=False,
    )
    code = EXIT_DISTRICT_FAILED if any(r.status == "failed" for r in results) else EXIT_OK
    return code, results


def add_command(district_id: str, name: str, adcode: str, listing_url: str, kinds: list[str],
                districts_dir: Path = DISTRICTS_DIR, timezone: str = "Asia/Shanghai",
                console: Console | None = None) -> int:
    console = console or Console(stderr=True)
    target = districts_dir / f"{district_id}.yaml"
    if target.exists():
        console.print(f"[red]error:[/] {target} exists", highlight=False)
        return EXIT_USAGE
    try:
        text = scaffold(district_id, name, adcode, listing_url, kinds, timezone)
    except ValueError as exc:
        console.print(f"[red]error:[/] {exc}", highlight=False)
        return EXIT_USAGE
    districts_dir.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    console.print(f"wrote {target}; try it: fiscal crawl --district {district_id}", highlight=False)
    return EXIT_OK
