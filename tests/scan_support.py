"""Recognised characters made by hand, as the recogniser returns them (one box per character,
evenly spaced), for the tests of scanned-page repairs that run no recognition."""

from __future__ import annotations

from typing import Any


def recognised_chars(text: str, x0: float, width: float = 4.0, top: float = 78.0) -> list[dict[str, Any]]:
    """`text`'s characters from `x0`, `width` apart, 9 pt tall from `top`, read with confidence."""
    return [
        {"text": ch, "x0": x0 + i * width, "x1": x0 + (i + 1) * width, "top": top, "bottom": top + 9.0,
         "confidence": 0.99}
        for i, ch in enumerate(text)
    ]  # fmt: skip


def text_of(box: list[dict[str, Any]]) -> str:
    return "".join(c["text"] for c in box)
