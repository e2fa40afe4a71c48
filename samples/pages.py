"""Pages as data: text and rule operations in pdfplumber's frame, emitted to reportlab at the end.

Geometry is kept in pdfplumber's frame (points, origin top-left of the page as displayed), so a
truth bounding box can be compared directly with ``pdfplumber`` words. ``Style`` carries the font
(non-embedded CID STSong-Light, or an embedded TrueType subset) and the table body size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Literal

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

CID_FONT = "STSong-Light"
TTF_FONT = "WenQuanYiMicroHei"
BODY_SIZE = 7.5  # table text, default
CELL_PAD = 1.75  # vertical padding above and below the text of a cell
CELL_INSET = 3.0  # horizontal distance between a cell's text and its rules
MARGIN_X = 36.0
MARGIN_TOP = 40.0
MARGIN_BOTTOM = 46.0
PORTRAIT = (A4[0], A4[1])
LANDSCAPE = (A4[1], A4[0])


def _ttf_path() -> Path:
    # WenQuanYi Micro Hei from the paperang-p2-fonts-cjk wheel (TrueType outlines reportlab can
    # embed), installed with the project: a fresh machine has no system CJK fonts.
    return Path(str(files("paperang_p2_fonts_cjk") / "fonts" / "wqy-microhei.ttc"))


@cache
def register_font(kind: Literal["cid", "ttf"]) -> str:
    """Register the report font once per process; return its reportlab name."""
    if kind == "cid":
        # reportlab's built-in CID font is not embedded: pdfplumber maps it back to Unicode, but a
        # rasterizer without system CJK fonts draws it blank (so anything rasterized uses "ttf").
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
        return CID_FONT
    # reportlab embeds a subset of the glyphs used (simple TrueType fonts with a ToUnicode map).
    pdfmetrics.registerFont(TTFont(TTF_FONT, str(_ttf_path()), subfontIndex=0))
    return TTF_FONT


@dataclass(frozen=True)
class Style:
    font: str = CID_FONT
    body: float = BODY_SIZE  # table text size

    @classmethod
    def of(cls, font: Literal["cid", "ttf"], body: float) -> Style:
        return cls(register_font(font), body)

    @property
    def line_h(self) -> float:
        # distance between wrapped lines in a cell: 9.0 at the default 7.5 pt
        return round(self.body * 1.2, 3)

    def width(self, text: str, size: float) -> float:
        return pdfmetrics.stringWidth(text, self.font, size)

    def descent(self) -> float:
        # pdfminer gives a glyph the box [baseline - (1 + descent) * size, baseline - descent * size]
        # (descent is negative, from the font descriptor), so truth boxes computed with it match
        # pdfplumber's words exactly, for the CID font and the TrueType one alike.
        return pdfmetrics.getFont(self.font).face.descent / 1000.0

    def wrap(self, text: str, width: float, size: float) -> list[str]:
        """Break text into lines no wider than width (CJK text breaks between any two characters)."""
        lines: list[str] = []
        current = ""
        for ch in text:
            if current and self.width(current + ch, size) > width:
                lines.append(current)
                current = ch
            else:
                current += ch
        return [*lines, current] if current or not lines else lines


@dataclass(frozen=True)
class Text:
    x: float  # left edge, right edge or centre, according to align
    baseline: float  # from the top of the page
    text: str
    size: float
    align: Literal["left", "right", "center"] = "left"
    clip: tuple[float, float, float, float] | None = None  # (x0, top, x1, bottom): drawn inside only
    strokes: int = 1  # drawn this many times, 0.3pt apart (fake bold: the text layer repeats each character)


@dataclass(frozen=True)
class Line:
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Page:
    width: float
    height: float
    rotated: bool = False  # stored portrait with /Rotate 90, drawn as displayed landscape
    shift_x: float = 0.0  # everything drawn this many points right of its coordinates
    ops: list[Text | Line] = field(default_factory=list)
    truths: list = field(default_factory=list)  # TruthAmount of the amounts drawn here
    _drawn: set[tuple[float, float, float, float]] = field(default_factory=set)

    def text(
        self,
        x: float,
        baseline: float,
        text: str,
        size: float,
        align: str = "left",
        clip: tuple[float, float, float, float] | None = None,
        strokes: int = 1,
    ) -> None:
        self.ops.append(Text(x, baseline, text, size, align, clip, strokes))  # type: ignore[arg-type]

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        # Neighbouring cells share their rules: draw each segment once (keeps pages light to parse).
        key = (round(x0, 3), round(y0, 3), round(x1, 3), round(y1, 3))
        if key not in self._drawn:
            self._drawn.add(key)
            self.ops.append(Line(x0, y0, x1, y1))


def emit(pages: Sequence[Page], out_pdf: Path, title: str, font: str) -> None:
    canvas = Canvas(str(out_pdf), pagesize=PORTRAIT, invariant=1, pageCompression=1)
    canvas.setTitle(title)
    for page in pages:
        # reportlab writes a /Rotate 90 page's MediaBox swapped: giving it the displayed
        # (landscape) size stores a portrait MediaBox, which is what a rotated scan looks like.
        canvas.setPageSize((page.width, page.height))
        canvas.setPageRotation(90 if page.rotated else 0)
        canvas.saveState()
        if page.rotated:
            # Map displayed coordinates (u, v) onto the portrait MediaBox: x = H_media_w - v, y = u.
            canvas.transform(0, 1, -1, 0, page.height, 0)
        if page.shift_x:
            canvas.translate(page.shift_x, 0)
        canvas.setLineWidth(0.5)
        for op in page.ops:
            if isinstance(op, Line):
                canvas.line(op.x0, page.height - op.y0, op.x1, page.height - op.y1)
                continue
            if op.clip is not None:
                x0, top, x1, bottom = op.clip
                canvas.saveState()
                path = canvas.beginPath()
                path.rect(x0, page.height - bottom, x1 - x0, bottom - top)
                canvas.clipPath(path, stroke=0, fill=0)
            canvas.setFont(font, op.size)
            y = page.height - op.baseline
            for stroke in range(op.strokes):
                x = op.x + 0.3 * stroke
                if op.align == "right":
                    canvas.drawRightString(x, y, op.text)
                elif op.align == "center":
                    canvas.drawCentredString(x, y, op.text)
                else:
                    canvas.drawString(x, y, op.text)
            if op.clip is not None:
                canvas.restoreState()
        canvas.restoreState()
        canvas.showPage()
    canvas.save()
