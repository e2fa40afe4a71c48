"""A development cache of recognition results, off unless `FISCAL_OCR_CACHE` names a folder.

Recognition costs about a minute and a half per generated scanned report, so a fidelity run over
20 seeds takes half an hour; most changes to the repairs leave the images recognised unchanged.
With `FISCAL_OCR_CACHE=/tmp/ocr-cache` each call to the recogniser is stored under the sha256 of
its image (the exact pixels, shape included) and its settings, and a later call with the same
image and settings reads the stored result instead. Any change to rendering, straightening or
cropping changes the pixels, hence the key: a stale result is never served for a new image.

Production runs never set the variable: the pipeline always recognises afresh. Tests set it
only where one scan is parsed several times (tests/test_scanned_tables.py, a folder of its own
per module: the first reading is the recogniser's). Delete the folder to drop the cache (entries
are small JSON files, a few KB per page).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

ENV_VAR = "FISCAL_OCR_CACHE"


def cache_folder() -> Path | None:
    """The cache's folder, or None when the cache is off (the default)."""
    value = os.environ.get(ENV_VAR, "").strip()
    return Path(value) if value else None


def _key(image: np.ndarray, settings: dict[str, Any]) -> str:
    digest = hashlib.sha256()
    digest.update(repr((image.shape, str(image.dtype))).encode())
    digest.update(np.ascontiguousarray(image).tobytes())
    # (the recogniser's version too: another model reads the same pixels otherwise)
    digest.update(json.dumps({**settings, "rapidocr": _engine_version()}, sort_keys=True).encode())
    return digest.hexdigest()


def _engine_version() -> str:
    try:
        return metadata.version("rapidocr_onnxruntime")
    except metadata.PackageNotFoundError:
        return "unknown"


def _plain(value: Any) -> Any:
    """The recogniser's result as JSON-able values (its boxes come back as numpy arrays)."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def cached(image: np.ndarray, settings: dict[str, Any], recognise: Callable[[], list[Any]]) -> list[Any]:
    """`recognise()`'s result, read from the cache when it holds one for this image and settings."""
    folder = cache_folder()
    if folder is None:
        return recognise()
    path = folder / f"{_key(image, settings)}.json"
    try:
        return list(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        pass
    result = _plain(recognise())
    folder.mkdir(parents=True, exist_ok=True)
    # (written whole, then renamed: two fidelity workers may store the same image at once)
    with tempfile.NamedTemporaryFile("w", dir=folder, suffix=".part", delete=False, encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False)
    os.replace(fh.name, path)
    return result
