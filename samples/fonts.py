"""Fonts the project's rendered PDFs use, and why each one.

- ``STSong-Light`` (reportlab's built-in CID font) is *not embedded*: a viewer supplies the
  glyphs. pdfplumber reads its text fine (the Adobe-GB1 CMap maps it to Unicode), which is what
  many real reports do — but a rasterizer on a machine without system CJK fonts draws blanks.
- ``WenQuanYi Micro Hei`` (a TrueType collection shipped in the ``paperang-p2-fonts-cjk`` wheel
  from PyPI, installed with the project) is *embedded as a subset*, as most real reports from
  Word or WPS are. Anything the tests rasterize (a scan made from a rendered page) is drawn with
  it, so a fresh machine with no CJK fonts renders the same pixels.
"""

from __future__ import annotations

from importlib.resources import files

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

CID_FONT = "STSong-Light"
EMBEDDED_FONT = "WQYMicroHei"


def register_cid_font() -> str:
    """Register the non-embedded CID font; returns its name for ``setFont``."""
    if CID_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    return CID_FONT


def register_embedded_font() -> str:
    """Register the embedded TrueType CJK font (subset into each PDF); returns its name."""
    if EMBEDDED_FONT not in pdfmetrics.getRegisteredFontNames():
        path = files("paperang_p2_fonts_cjk") / "fonts" / "wqy-microhei.ttc"
        pdfmetrics.registerFont(TTFont(EMBEDDED_FONT, str(path), subfontIndex=0))
    return EMBEDDED_FONT
