"""Mutation fuzzing of the parser: real sample PDFs, mutated, each through `parse_document` in a
child process with a wall-time limit per document.

    .venv/bin/python -m benchmarks.fuzz_pdfs --inputs 500 --seed 1 --time-limit 60 [--out DIR]
        [--samples DIR] [--only NAME] [--pages FIRST-LAST] [--memory-mb 3072] [--results FILE]
        [--parser MODULE:FUNCTION]

The sources are the bundled sample reports (rendered into a temporary folder), or the PDFs of
`--samples DIR` (e.g. the corpus). Mutant i is drawn from its own seed (`seed:i`), by the
mutations of `benchmarks.pdf_mutations` (bytes and PDF objects), so any one reproduces alone.

The parser promises that bad input never raises and always yields a record with a status and,
when not `parsed`, a reason. Counted against that promise:

- crash: an exception escaping `parse_document`, its process dying (a native crash, the memory
  cap), or no answer within `--time-limit` (the process is then killed);
- data lost: a mutant whose record is missing (every crash), or without a status of the three,
  or not `parsed` and without a reason, or recorded under another document id than its bytes'.

Printed: inputs tried, outcomes by status, crashes by kind, data lost, the mutants the parser read
as `parsed` whose amounts differ from their source's (what the balance rules must then catch),
and per mutation the outcomes. Each crash's mutant is kept in `--out` with a `.json` saying what
was done to which source; `--results` writes one JSON line per input. Exit 1 on any crash or data
lost, else 0.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib
import json
import logging
import multiprocessing
import random
import resource
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks.pdf_mutations import keep_pages, mutate

STATUSES = ("parsed", "quarantined", "rejected")
CRASHES = ("exception", "dead", "timeout")
# Address space of the parsing process (MiB): `orchestration/parsing.py` caps its workers too, so
# a memory bomb is a `MemoryError` (handled by the parser) rather than the machine's OOM killer.
DEFAULT_MEMORY_MB = 3072
DEFAULT_PARSER = "ingest:parse_document"
# Time the child gets to import the parser before the first document (not counted per document).
STARTUP_LIMIT = 120.0


@dataclass(slots=True)
class Outcome:
    """What became of one input."""

    index: int
    source: str
    mutations: list[str]
    sha256: str
    outcome: str  # one of STATUSES or CRASHES
    reason: str | None = None
    seconds: float = 0.0
    amounts_digest: str | None = None
    amounts_differ: bool = False
    record_problem: str | None = None  # why the record counts as lost (None: it is whole)
    detail: str | None = None  # a crash's traceback

    @property
    def crashed(self) -> bool:
        return self.outcome in CRASHES


def amounts_digest(doc: Any) -> str:
    """A fingerprint of every amount read with what it is (table, column, subject or row key),
    not where it was printed: a mutant whose pages come in another order reads the same."""
    rows = sorted(f"{a.table_code}|{a.column_key}|{a.subject_code}|{a.row_key}|{a.amount}" for a in doc.amounts)
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16]


def _child(conn: Connection, memory_mb: int, parser: str = DEFAULT_PARSER) -> None:
    """The parsing process: paths in, one summary of the record (or the escaped exception) out.
    `parser`: `module:function`, the parse function under test (imported here: the parent never
    parses)."""
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard if hard != resource.RLIM_INFINITY else limit))
    # pdfminer logs a warning per broken font or object: thousands per campaign, none of them a result.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    module, _, name = parser.partition(":")
    parse_document = getattr(importlib.import_module(module), name)

    conn.send("ready")
    while (path := conn.recv()) is not None:
        try:
            doc = parse_document(Path(path))
        except BaseException as exc:  # the promise under test: nothing escapes parse_document
            conn.send({"escaped": f"{type(exc).__name__}: {exc}"[:500], "traceback": traceback.format_exc()[-4000:]})
            continue
        conn.send({"status": doc.status, "reason": doc.reason, "document_id": doc.document_id,
                   "digest": amounts_digest(doc)})


class Sandbox:
    """One child process that parses documents one at a time; killed and replaced when a document
    outlives its time limit, replaced when it dies."""

    def __init__(self, memory_mb: int, parser: str = DEFAULT_PARSER) -> None:
        self.memory_mb, self.parser = memory_mb, parser
        self.context = multiprocessing.get_context("spawn")
        self.process: Any = None
        self.conn: Connection | None = None

    def _start(self) -> None:
        parent, child = self.context.Pipe()
        self.process = self.context.Process(target=_child, args=(child, self.memory_mb, self.parser), daemon=True)
        self.process.start()
        child.close()  # (so that the child's death reads as end of file here)
        self.conn = parent
        try:
            ready = parent.poll(STARTUP_LIMIT) and parent.recv() == "ready"
        except (EOFError, OSError):  # it died importing the parser
            ready = False
        if not ready:
            self._stop()
            raise RuntimeError(f"the parsing process did not start ({self.parser})")

    def _stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.join()
        if self.conn is not None:
            self.conn.close()
        self.process = self.conn = None

    def parse(self, path: Path, time_limit: float) -> tuple[str, dict[str, Any]]:
        """(`answer`, the child's summary) or (a crash kind, details)."""
        if self.process is None:
            self._start()
        assert self.conn is not None
        self.conn.send(str(path))
        if not self.conn.poll(time_limit):
            self._stop()
            return "timeout", {"escaped": f"no answer within {time_limit:g} s"}
        try:
            answer = self.conn.recv()
        except (EOFError, OSError):
            code = self.process.exitcode if self.process is not None else None
            self._stop()
            return "dead", {"escaped": f"the parsing process died (exit code {code})"}
        return ("exception", answer) if "escaped" in answer else ("answer", answer)

    def close(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(OSError):  # (it may have died after its last answer)
                self.conn.send(None)
                self.process.join(10)
        self._stop()


def judge(index: int, source: str, mutations: list[str], data: bytes, kind: str, answer: dict[str, Any],
          source_digest: str | None, seconds: float) -> Outcome:
    sha = hashlib.sha256(data).hexdigest()
    out = Outcome(index, source, mutations, sha, kind if kind != "answer" else answer["status"], seconds=seconds)
    if kind != "answer":
        out.reason, out.detail = answer.get("escaped"), answer.get("traceback")
        out.record_problem = f"no record ({kind})"
        return out
    out.reason, out.amounts_digest = answer["reason"], answer["digest"]
    if answer["status"] not in STATUSES:
        out.record_problem = f"unknown status {answer['status']!r}"
    elif answer["status"] != "parsed" and not (answer["reason"] or "").strip():
        out.record_problem = f"{answer['status']} without a reason"
    elif answer["document_id"] != sha:
        out.record_problem = "recorded under another document id than its bytes' sha256"
    out.amounts_differ = answer["status"] == "parsed" and answer["digest"] != source_digest
    return out


@dataclass(slots=True)
class Campaign:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def crashes(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.crashed]

    @property
    def lost(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.record_problem]


def bundled_samples(folder: Path) -> list[Path]:
    from samples.render import render_all

    return sorted(render_all(folder))


def run_campaign(sources: list[Path], inputs: int, seed: int, time_limit: float, work: Path,
                 out: Path | None = None, memory_mb: int = DEFAULT_MEMORY_MB, parser: str = DEFAULT_PARSER,
                 ) -> Iterator[Outcome]:
    """Yield the outcome of each mutant as it is parsed; crashing mutants are copied to `out`."""
    sandbox = Sandbox(memory_mb, parser)
    try:
        originals = {p: p.read_bytes() for p in sources}
        digests: dict[Path, str | None] = {}
        for path in sources:  # the unmutated sources: what a mutant's amounts are compared with
            kind, answer = sandbox.parse(path, time_limit)
            digests[path] = answer.get("digest") if kind == "answer" else None
        for index in range(inputs):
            rng = random.Random(f"{seed}:{index}")
            source = rng.choice(sources)
            data, mutations = mutate(rng, originals[source])
            path = work / f"mutant-{index:05d}.pdf"
            path.write_bytes(data)
            start = time.perf_counter()
            kind, answer = sandbox.parse(path, time_limit)
            outcome = judge(index, source.name, mutations, data, kind, answer, digests[source],
                            time.perf_counter() - start)
            if (outcome.crashed or outcome.record_problem) and out is not None:
                out.mkdir(parents=True, exist_ok=True)
                kept = out / f"crash-{seed}-{index:05d}-{outcome.outcome}.pdf"
                kept.write_bytes(data)
                kept.with_suffix(".json").write_text(json.dumps(
                    {**asdict(outcome), "seed": seed, "reproduce": f"parse_document(Path({str(kept)!r}))"},
                    ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            path.unlink()
            yield outcome
    finally:
        sandbox.close()


def report(campaign: Campaign, console: Console) -> None:
    outcomes = campaign.outcomes
    by = Counter(o.outcome for o in outcomes)
    title = f"PDF mutation fuzzing: {len(outcomes)} inputs in {campaign.seconds:.0f} s"
    summary = Table(title=title, show_header=False)
    summary.add_column(style="bold")
    summary.add_column(justify="right")
    summary.add_row("inputs tried", str(len(outcomes)))
    for status in STATUSES:
        summary.add_row(f"  {status}", str(by[status]))
    summary.add_row("crashes", str(len(campaign.crashes)))
    for kind in CRASHES:
        summary.add_row(f"  {kind}", str(by[kind]))
    summary.add_row("data lost", str(len(campaign.lost)))
    summary.add_row("parsed, amounts differ from the source's", str(sum(o.amounts_differ for o in outcomes)))
    slowest = max(outcomes, key=lambda o: o.seconds, default=None)
    if slowest is not None:
        summary.add_row("slowest document", f"{slowest.seconds:.1f} s (#{slowest.index})")
    console.print(summary)

    per = Table(title="outcomes per mutation applied")
    per.add_column("mutation")
    for column in (*STATUSES, "crash"):
        per.add_column(column, justify="right")
    counts: dict[str, Counter[str]] = {}
    for o in outcomes:
        for name in {m.split(":")[0] for m in o.mutations}:
            counts.setdefault(name, Counter())["crash" if o.crashed else o.outcome] += 1
    for name in sorted(counts):
        per.add_row(name, *(str(counts[name][c]) for c in (*STATUSES, "crash")))
    console.print(per)
    reasons = Counter((o.reason or "")[:70] for o in outcomes if o.outcome in ("quarantined", "rejected"))
    top = Table(title="most frequent reasons")
    top.add_column("n", justify="right")
    top.add_column("reason")
    for reason, n in reasons.most_common(8):
        top.add_row(str(n), reason)
    console.print(top)
    for o in campaign.crashes + [o for o in campaign.lost if not o.crashed]:
        # (markup off: a reason or a mutation may hold brackets that rich would read as markup)
        console.print(f"#{o.index} {o.outcome}: {o.record_problem}: {o.reason} ({o.source}; "
                      + "; ".join(o.mutations) + ")", markup=False, highlight=False, style="red")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fuzz_pdfs", description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=200, help="mutants to parse")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per document")
    parser.add_argument("--out", type=Path, default=None, help="keep crashing mutants here (default: a temp folder)")
    parser.add_argument("--samples", type=Path, default=None, help="folder of source PDFs (default: bundled samples)")
    parser.add_argument("--only", action="append", default=[], help="use only sources whose name contains this")
    parser.add_argument("--memory-mb", type=int, default=DEFAULT_MEMORY_MB, help="address space cap; 0 = none")
    parser.add_argument("--results", type=Path, default=None, help="write one JSON line per input here")
    parser.add_argument("--parser", default=DEFAULT_PARSER, help="the parse function under test, module:function")
    parser.add_argument("--pages", default=None, help="FIRST-LAST: mutate only these pages of each source (quicker)")
    args = parser.parse_args(argv)
    console = Console(stderr=False)
    with tempfile.TemporaryDirectory(prefix="fuzz-pdfs-") as tmp:
        work = Path(tmp)
        given = args.samples
        sources = sorted(given.glob("*.pdf")) if given is not None else bundled_samples(work / "samples")
        sources = [p for p in sources if not args.only or any(s in p.name for s in args.only)]
        if not sources:
            console.print("no source PDFs", markup=False)
            return 2
        if args.pages:
            first, _, last = args.pages.partition("-")
            cut_folder = work / "cut"
            cut_folder.mkdir()
            for path in sources:
                (cut_folder / path.name).write_bytes(keep_pages(path.read_bytes(), int(first), int(last or first)))
            sources = sorted(cut_folder.glob("*.pdf"))
        out = args.out or Path(tempfile.mkdtemp(prefix="fuzz-pdfs-crashes-"))
        campaign = Campaign()
        start = time.perf_counter()
        if args.results:
            args.results.parent.mkdir(parents=True, exist_ok=True)
        results = args.results.open("w", encoding="utf-8") if args.results else None
        try:
            for outcome in run_campaign(sources, args.inputs, args.seed, args.time_limit, work, out, args.memory_mb,
                                        args.parser):
                campaign.outcomes.append(outcome)
                if results is not None:
                    results.write(json.dumps(asdict(outcome), ensure_ascii=False) + "\n")
                    results.flush()
        finally:
            if results is not None:
                results.close()
        campaign.seconds = time.perf_counter() - start
    report(campaign, console)
    bad = campaign.crashes or campaign.lost
    if bad:
        console.print(f"mutants kept for reproduction in {out}", markup=False)
    elif args.out is None:
        out.rmdir()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
