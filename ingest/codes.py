"""Subject codes: code cells clipped by the text layer repaired, and cut codes (208050, 30,
3010) or names printed without a code resolved to full catalog codes under the rows above."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ingest.layout import Line, Word, reading_order
from ingest.subjects import CodeResolver, catalog_names_agree, either_catalog_names
from ingest.text import CODE_RE, GLUED_CODE, normalize

if TYPE_CHECKING:
    from ingest.rows import Fragment


def _name_of(words: list[Word], but: tuple[Word, ...] = ()) -> str:
    """The fragment's name: its words other than codes (and `but`), in reading order."""
    return normalize("".join(w.text for w in reading_order(words)
                             if w not in but and not w.text.strip().isdigit()))


def split_glued_code(frag: Fragment, kind: str | None) -> None:
    """A code cell too narrow for its code: the last digit crosses the cell's rule and the text
    layer glues the code to the name (`2059999其他教育支出`). The first label word on its visual
    line that starts with a code of the table's catalog, followed by a name the catalog gives that
    code (the rest of the word, wrapped parts of the name included), is split into the code and the
    name. Anything else stays one word (a row with amounts and no code is then quarantined)."""
    if not kind or not frag.label:
        return
    out: list[Word] = []
    for w in frag.label:
        m = GLUED_CODE.match(w.text.strip())
        first = m is not None and not any(v.x1 <= w.x0 + 1 and abs(v.top - w.top) <= 2 for v in frag.label)
        if m and first:
            code, rest = m.groups()
            wrapped = [v for v in frag.label if v.top > w.top + 2]
            name = normalize(rest + _name_of(wrapped))
            if catalog_names_agree(kind, code, [normalize(rest), name]):
                # Digits are about half as wide as CJK characters (the split only needs to keep
                # the code left of the name: codes are the digit words left of the name). The
                # name's wrapped lines start at its cell's left edge, which the code crosses.
                weight = len(code) * 0.5
                x = w.x0 + w.width * weight / (weight + len(rest))
                x = min([x, *(v.x0 for v in wrapped if v.x0 > w.x0)])
                out += [Word(code, w.x0, x, w.top, w.bottom), Word(rest, x, w.x1, w.top, w.bottom)]
                continue
        out.append(w)
    if len(out) != len(frag.label):
        frag.label = out


def join_wrapped_code_cells(frag: Fragment, kind: str | None) -> None:
    """A code cell too narrow for a 7-digit code wraps it after six digits: `201230` with `3`
    right below it, in the same cell (both lie in one ruled row, so on one joined line). Digits
    printed directly under a code word that is no complete code (201230, 4 or 6 digits), within its
    horizontal span, continue it, read top to bottom: joined they must make a complete code that
    the table's catalog names as the row's name; else both stay as printed (and the row is
    quarantined as a code that cannot be recovered)."""
    if not kind:
        return
    for head in sorted(frag.label, key=lambda w: w.top):
        text = head.text.strip()
        if not (CODE_RE.match(text) and len(text) not in (3, 5, 7)):
            continue
        tail = next((w for w in frag.label if w is not head and w.text.strip().isdigit() and _continues(head, w)),
                    None)
        if tail is None:
            continue
        code = text + tail.text.strip()
        if len(code) in (5, 7) and catalog_names_agree(kind, code, [_name_of(frag.label, (head, tail))]):
            joined = Word(code, head.x0, max(head.x1, tail.x1), head.top, tail.bottom)
            frag.label = [joined if w is head else w for w in frag.label if w is not tail]


def _continues(head: Word, w: Word) -> bool:
    """`w` is printed right below `head`, within its horizontal span: the next line of its cell."""
    height = head.bottom - head.top
    return (0.5 * height < w.top - head.top and w.top - head.bottom < 0.8 * height
            and w.x0 >= head.x0 - 1 and w.x1 <= head.x1 + 1)


def wraps_code(above: Line, line: Line) -> bool:
    """`line` is only the digits of a code wrapped in its cell: right under a code word of `above`
    that is no complete code (201230 over 3)."""
    return len(line.words) == 1 and line.words[0].text.isdigit() and any(
        CODE_RE.match(w.text) and len(w.text) not in (3, 5, 7) and _continues(w, line.words[0]) for w in above.words
    )


def join_code_stacks(frags: list[tuple[int, Fragment]], kind: str | None) -> list[tuple[int, Fragment]]:
    """A wrapped code cell where no ruling lines join its row's lines (the last row of a table
    alone on a page): the code's first part (`221020`), the row's amounts on the next line, the
    rest of the code (`3`) on the line after, right under the first part. The name beside it may
    be printed on the amounts' line or wrapped over the code's two lines (`229089 | 其他彩票…业务费安`
    / amounts / `9 | 排的支出`). The row whose amounts lie within the code's two lines takes the
    joined code and the name's parts, where the table's catalog names the code as the row is
    named; else the lines stay as they are (and the row is quarantined)."""
    if not kind:
        return frags
    drop: set[int] = set()
    for i, (p_idx, head) in enumerate(frags):
        if not (len(head.code_words) == 1 and not head.amounts and len(head.codes[0]) not in (3, 5, 7)):
            continue
        code_word = head.code_words[0]
        near = [(j, f) for j, (q, f) in enumerate(frags[i + 1 : i + 6], start=i + 1)
                if q == p_idx and f.page == head.page][:3]
        tail = next(((j, f, w) for j, f in near if not f.codes and not f.amounts
                     for w in f.label[:1] if w.text.strip().isdigit() and _continues(code_word, w)), None)
        if tail is None:
            continue
        t_idx, t_frag, digits = tail
        rest = [w for w in t_frag.label if w is not digits]  # the wrapped end of the name
        if any(w.text.strip().isdigit() for w in rest) or (rest and not head.label):
            continue
        rows = [f for j, f in near if j < t_idx and f.amounts and not f.codes
                and f.top >= code_word.top - 1 and f.bottom <= digits.bottom + 1]
        code = head.codes[0] + digits.text.strip()
        if len(rows) != 1 or len(code) not in (5, 7):
            continue
        label = [*head.label, *rows[0].label, *rest]
        if catalog_names_agree(kind, code, [_name_of(label)]):
            rows[0].codes = [code]
            rows[0].code_words = [Word(code, code_word.x0, max(code_word.x1, digits.x1), code_word.top, digits.bottom)]
            rows[0].label = label
            drop |= {i, t_idx}
    return [x for k, x in enumerate(frags) if k not in drop]


def repair_clipped_code_cells(frag: Fragment) -> None:
    """上海 budget tables print some code cells clipped to one digit: `301 | 2 | 津贴补贴` for
    301 02, `7 | 11 | 02` for 210 11 02. A lone digit right after a code cell is that cell's
    2-digit code (0-padded); one before every code cell is a clipped 类, dropped (the code is
    then repaired from its parent and the catalog). A lone digit after a code the catalog names
    as the row is no cell of it: recognition read a speck or a stroke so (预算 seed 2172's
    `30308 | 3 | 助学金`, made 3030803), dropped."""
    words = sorted(frag.label, key=lambda w: w.x0)
    name = _name_of(words)
    fixed: list[Word] = []
    for i, w in enumerate(words):
        text = w.text.strip()
        if len(text) == 1 and text.isdigit():
            before = [v for v in words[:i] if CODE_RE.match(v.text.strip())]
            after = [v for v in words[i + 1 :] if CODE_RE.match(v.text.strip())]
            if before and before[-1] is words[i - 1]:
                code = "".join(v.text.strip() for v in before)
                if either_catalog_names(code, [name]):
                    continue
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
