"""The reader's data files (ingest/<folder>/*.yaml) and what their models share: strict models
(unknown keys are errors) and the kinds of non-subject lines. Both the table profiles
(ingest.profile) and the narrative statements (ingest.narrative) build on this module, so
neither imports the other's internals."""

from __future__ import annotations

from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


LineKind = Literal[
    "item", "subtotal", "carryover", "surplus", "grand_total", "total", "group_total", "three_public", "unit"
]


def data_files(folder: str) -> tuple[str, ...]:
    """The names (without .yaml) of the YAML data files in ingest/<folder>/, sorted."""
    files = resources.files("ingest").joinpath(folder).iterdir()
    return tuple(sorted(f.name.removesuffix(".yaml") for f in files if f.name.endswith(".yaml")))


def read_data_file(folder: str, name: str) -> object:
    return yaml.safe_load(resources.files("ingest").joinpath(folder, f"{name}.yaml").read_text(encoding="utf-8"))
