"""python -m samples.generator SEED [SEED ...] --out DIR [--budget] [--yaml]: render generated reports.

Writes ``gen-<seed>.pdf``, ``gen-<seed>.truth.json`` and ``gen-<seed>.variables.json`` per seed
(and ``gen-<seed>.yaml``, the report in the samples/data format, with ``--yaml``); with
``--budget`` the 部门预算 of the seeds (``budget-<seed>.*``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

import yaml

from samples.document import render_report
from samples.fidelity import stem as file_stem
from samples.generator import generate_kind


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m samples.generator", description=__doc__.splitlines()[0])
    parser.add_argument("seeds", type=int, nargs="+")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--yaml", action="store_true", help="also dump each report as YAML")
    parser.add_argument("--budget", action="store_true", help="部门预算 seeds (their own seed space)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    args.out.mkdir(parents=True, exist_ok=True)
    for seed in args.seeds:
        kind = "budget" if args.budget else "final"
        generated = generate_kind(kind, seed)
        stem = args.out / file_stem(kind, seed)
        truths = render_report(generated.report, stem.with_suffix(".pdf"))
        stem.with_suffix(".truth.json").write_text(
            json.dumps([t.to_json() for t in truths], ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        stem.with_suffix(".variables.json").write_text(
            json.dumps(generated.variables, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        if args.yaml:
            data = generated.report.model_dump(mode="json", exclude_defaults=True)
            stem.with_suffix(".yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        print(f"{stem.with_suffix('.pdf')}  {len(truths)} amounts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
