"""The document kinds (ingest/kinds.yaml): which kinds exist and the phase of each."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

import yaml

from ingest.data import Strict

Phase = Literal["budget", "final"]
Reader = Literal["tables", "performance"]


class DocumentKindSpec(Strict):
    phase: Phase | None  # None: its facts are not a unit-year's budget or accounts amounts
    reader: Reader | None  # None: not read yet (recognised, rejected with the reason)
    name: str
    title_words: list[str]


@cache
def document_kinds() -> dict[str, DocumentKindSpec]:
    text = resources.files("ingest").joinpath("kinds.yaml").read_text(encoding="utf-8")
    return {kind: DocumentKindSpec.model_validate(spec) for kind, spec in yaml.safe_load(text).items()}


def report_kinds() -> tuple[str, ...]:
    """The kinds whose reports' standard tables are read and published (those with a phase)."""
    return tuple(kind for kind, spec in document_kinds().items() if spec.phase is not None)


def listed_kinds() -> tuple[str, ...]:
    """The kinds a district's listing may name: those with title words."""
    return tuple(kind for kind, spec in document_kinds().items() if spec.title_words)


def document_kind_rows() -> list[tuple[str, str | None, str, str | None]]:
    """raw.document_kinds: (kind, phase, name, reader)."""
    return [(kind, spec.phase, spec.name, spec.reader) for kind, spec in document_kinds().items()]


def read_kinds() -> tuple[str, ...]:
    """The kinds that have a reader: their documents may be parsed and published."""
    return tuple(kind for kind, spec in document_kinds().items() if spec.reader is not None)
