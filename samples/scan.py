"""A rendered report scanned the way a scanner or phone app gives it: an image-only PDF.

``scan_pdf(src, dst, seed)`` rasterizes every page of `src` as displayed (so the truth's
coordinates, in pdfplumber's frame of the displayed page, stay where they were), distorts it as
scans are distorted, and writes the images as the pages of `dst`, each page keeping its size in
points: no text layer, nothing a parser could use that a real scan lacks. The distortions are
drawn from the seed alone (the same seed gives the same scan on any machine):

- resolution 150–200 dpi, grayscale, JPEG (quality 55–85), each page an image of its size;
- the page turned by up to ±0.8° about its centre (paper fed askew);
- uneven light (a brightness ramp across the page), gaussian noise, dark speckles.

The rendered PDF must embed its fonts: a non-embedded CID font rasterizes blank on a machine
without system CJK fonts, so scan mode renders with the TrueType font (`scan_layout`).
"""

from __future__ import annotations

import io
import random
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from samples.model import SampleReport

MAX_SKEW_DEGREES = 0.8


@dataclass(frozen=True)
class ScanSettings:
    """How one document is scanned (one draw per document: a scanner's settings and its feed)."""

    dpi: int
    jpeg_quality: int
    noise_sigma: float  # gray levels
    speckles_per_mpx: int
    light_drop: float  # how much darker the dark side of the page is, 0..1
    seed: int

    @classmethod
    def draw(cls, seed: int) -> ScanSettings:
        rng = random.Random(f"scan:{seed}")
        return cls(
            dpi=rng.choice((150, 175, 200)),
            jpeg_quality=rng.randint(55, 85),
            noise_sigma=rng.uniform(3.0, 9.0),
            speckles_per_mpx=rng.randint(20, 120),
            light_drop=rng.uniform(0.05, 0.25),
            seed=seed,
        )

    def variables(self) -> dict[str, str]:
        """The scan's own variables, for the fidelity break-down."""
        return {"scan_dpi": str(self.dpi), "scan_jpeg": "low" if self.jpeg_quality < 70 else "high"}


def scan_pdf(src: Path, dst: Path, seed: int, pages: Collection[int] | None = None) -> ScanSettings:
    """Write `dst`: `src` scanned with the seed's settings; each page turned by its own angle.
    `pages` (1-based): scan only these, the others kept as printed (a text PDF with scanned pages
    bound in, as publishers assemble reports from a scan and an export)."""
    settings = ScanSettings.draw(seed)
    source = pdfium.PdfDocument(str(src))
    out = pdfium.PdfDocument.new()
    try:
        for index in range(len(source)):
            if pages is not None and index + 1 not in pages:
                out.import_pages(source, [index])
                continue
            page = source[index]
            width, height = page.get_size()  # (as displayed: pdfium applies the page's /Rotate)
            image = page.render(scale=settings.dpi / 72, grayscale=True).to_pil().convert("L")
            scanned = _distort(image, settings, np.random.default_rng([seed, index]))
            _add_image_page(out, scanned, width, height, settings.jpeg_quality)
        dst.parent.mkdir(parents=True, exist_ok=True)
        out.save(str(dst))
    finally:
        out.close()
        source.close()
    return settings


def _add_image_page(pdf: pdfium.PdfDocument, image: Image.Image, width: float, height: float, quality: int) -> None:
    """A page of `width` × `height` points covered by `image`, stored as JPEG (as scanners do)."""
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    buffer.seek(0)
    page = pdf.new_page(width, height)
    picture = pdfium.PdfImage.new(pdf)
    picture.load_jpeg(buffer, inline=True)
    picture.set_matrix(pdfium.PdfMatrix().scale(width, height))
    page.insert_obj(picture)
    page.gen_content()


def _distort(image: Image.Image, settings: ScanSettings, rng: np.random.Generator) -> Image.Image:
    angle = float(rng.uniform(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES))
    image = image.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
    pixels = np.asarray(image, dtype=np.float32)
    h, w = pixels.shape
    # uneven light: a linear ramp in a random direction, the paper darker on one side
    theta = rng.uniform(0, 2 * np.pi)
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    ramp = (np.cos(theta) * xs / w + np.sin(theta) * ys / h)
    ramp = (ramp - ramp.min()) / max(float(ramp.max() - ramp.min()), 1e-6)
    pixels = pixels * (1.0 - settings.light_drop * ramp)
    pixels += rng.normal(0.0, settings.noise_sigma, size=pixels.shape).astype(np.float32)
    # speckles: dust and toner dots of 1–3 pixels
    count = int(settings.speckles_per_mpx * h * w / 1e6)
    for y, x, r in zip(rng.integers(0, h, count), rng.integers(0, w, count), rng.integers(1, 3, count), strict=True):
        pixels[max(y - r + 1, 0) : y + r, max(x - r + 1, 0) : x + r] = rng.uniform(20, 90)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")


def for_scanning(report: SampleReport) -> SampleReport:
    """The report printed with its fonts embedded (what a scanner is fed: a printed page)."""
    return report.model_copy(update={"layout": report.layout.model_copy(update={"font": "ttf"})})
