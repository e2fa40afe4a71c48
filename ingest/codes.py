"""Subject codes: code cells clipped by the text layer repaired, and cut codes (208050, 30,
3010) or names printed without a code resolved to full catalog codes under the rows above."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ingest.layout import Word
from ingest.subjects import CodeResolver
from ingest.text import CODE_RE

if TYPE_CHECKING:
    from ingest.rows import Fragment


def repair_clipped_code_cells(frag: Fragment) -> None:
    """上海 budget tables print some code cells clipped to one digit: `301 | 2 | 津贴补贴` for
    301 02, `7 | 11 | 02` for 210 11 02. A lone digit right after a code cell is that cell's
    2-digit code (0-padded); one before every code cell is a clipped 类, dropped (the code is
    then repaired from its parent and the catalog)."""
    words = sorted(frag.label, key=lambda w: w.x0)
    fixed: list[Word] = []
    for i, w in enumerate(words):
        text = w.text.strip()
        if len(text) == 1 and text.isdigit():
            before = [v for v in words[:i] if CODE_RE.match(v.text.strip())]
            after = [v for v in words[i + 1 :] if CODE_RE.match(v.text.strip())]
            if before and before[-1] is words[i - 1]:
                w = Word("0" + text, w.x0, w.x1, w.top, w.bottom)
            elif after and not before:
                continue
        fixed.append(w)
    if len(fixed) != len(words) or any(a is not b for a, b in zip(fixed, words, strict=False)):
        frag.label = fixed


def resolve_code(
    printed: str,
    label: str,
    kind: str,
    resolvers: dict[str, CodeResolver],
    parents: dict[int, dict[int, str]],
    panel: int,
) -> str | None:
    resolver = resolvers[kind]
    current = parents.setdefault(panel, {})
    lengths = resolver.lengths
    # The parent of a cut code: the deepest current code shorter than the code it stands for.
    parent = None
    for n in sorted(current, reverse=True):
        if 0 < n < len(printed) + 1 and n in lengths and n < max(lengths):
            parent = current[n]
            break
    previous = current.get(-1)  # the last code resolved in this panel: row order breaks ties
    open_codes = tuple(current[n] for n in sorted(current, reverse=True) if n > 0)
    full = resolver.resolve(printed, label, parent, after=previous, open_codes=open_codes)
    if full is not None:
        current[len(full)] = full
        for n in [n for n in current if n > len(full)]:
            del current[n]
        current[-1] = full
        resolver.learn(full, label)
    return full


def resolve_name(
    label: str,
    kind: str,
    resolvers: dict[str, CodeResolver],
    parents: dict[int, dict[int, str]],
    panel: int,
    known: str | None = None,
) -> str | None:
    """Code of a row printed by name only (or `known`, already found), kept as the panel's open
    row like `resolve_code` does, so that the rows below resolve under it."""
    current = parents.setdefault(panel, {})
    open_codes = tuple(current[n] for n in sorted(current, reverse=True) if n > 0)
    full = known or resolvers[kind].resolve_name(label, open_codes, after=current.get(-1))
    if full is not None:
        current[len(full)] = full
        for n in [n for n in current if n > len(full)]:
            del current[n]
        current[-1] = full
    return full
