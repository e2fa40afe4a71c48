"""The project's own sample 部门决算 reports: YAML data in samples/data, rendered to PDF with ground truth.

See samples/render.py. ``python -m samples.render OUT_DIR`` writes every sample PDF and its
``<stem>.truth.json``. ``samples/generator`` builds random reports of the same model from a seed
(``python -m samples.generator SEED --out DIR``); ``python -m samples.fidelity --seeds N`` reads
them back with the parser and breaks the results down per layout variable.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "DATA_DIR",
    "Layout",
    "SampleReport",
    "TruthAmount",
    "load_report",
    "render_all",
    "render_report",
    "sample_paths",
]


def __getattr__(name: str) -> Any:
    # Imported lazily so that `python -m samples.render` does not import the module twice.
    if name in __all__:
        from samples import render

        return getattr(render, name)
    raise AttributeError(f"module 'samples' has no attribute {name!r}")
