"""Property tests (hypothesis) of the parser's pure functions over text: amounts, blank marks,
normalisation, subject codes and their catalogs, and a table's header. Each property is a
statement about what the function promises (a round trip, an invariant, "never raises"), checked
on generated input; derandomized with a bounded number of examples, so CI is reproducible."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from ingest.base import NOTE, TABLE_NUMBER, UNIT_RE, ParseIssue
from ingest.codes import join_wrapped_code_cells, repair_clipped_code_cells, split_glued_code, wraps_code
from ingest.columns import column_layout, split_header
from ingest.header_cells import header_cells
from ingest.layout import Line, Word
from ingest.profile import PROFILES, load_profile
from ingest.rows import Fragment
from ingest.subjects import CodeResolver, catalog_names_agree, class_code_for_name, load_catalog
from ingest.text import BLANK_MARKS, is_blank_mark, normalize, parse_amount

# Derandomized: the same examples on every run (a failure reproduces); bounded for CI time.
PROPERTY = settings(derandomize=True, max_examples=100, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
FEW = settings(PROPERTY, max_examples=50)

FUNCTION = load_catalog("function")
ECONOMIC = load_catalog("economic")
CLASSES = sorted(s.code for s in FUNCTION.values() if len(s.code) == 3)
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
WHITESPACE = st.sampled_from([" ", "\t", "\n", "\u3000", "\xa0", "\u2003"])


# --- amounts ---------------------------------------------------------------------------------


@st.composite
def decimals_as_printed(draw: st.DrawFn) -> Decimal:
    """A Decimal as a table prints one: a sign, whole digits, 0 to 6 decimals (trailing zeros kept)."""
    sign = draw(st.sampled_from(["", "-"]))
    whole = draw(st.integers(0, 10**15))
    places = draw(st.integers(0, 6))
    fraction = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=places, max_size=places)))
    return Decimal(f"{sign}{whole}" + (f".{fraction}" if places else ""))


@PROPERTY
@given(st.text())
def test_parse_amount_never_raises_and_gives_a_finite_decimal_or_none(text: str) -> None:
    value = parse_amount(text)
    assert value is None or (type(value) is Decimal and value.is_finite())


@PROPERTY
@given(decimals_as_printed(), st.booleans(), st.text(WHITESPACE, max_size=3), st.text(WHITESPACE, max_size=3))
def test_a_printed_decimal_reads_back_exactly(value: Decimal, grouped: bool, before: str, after: str) -> None:
    """Formatted with or without thousands separators (and padded), it parses to the same Decimal,
    digit for digit: same sign, same exponent, trailing zeros kept (0.50 stays 0.50)."""
    printed = format(value, "," if grouped else "f")
    read = parse_amount(before + printed + after)
    assert read is not None
    assert read.as_tuple() == value.as_tuple()


@PROPERTY
@given(st.text("0123456789,.-", max_size=12), st.characters(categories=["Lu", "Ll", "Lo", "Sc", "Po"],
                                                            exclude_characters=",.-"),
       st.text("0123456789,.-", max_size=12))
def test_text_with_a_letter_or_sign_inside_is_not_an_amount(head: str, odd: str, tail: str) -> None:
    assume(odd.strip())
    assert parse_amount(head + odd + tail) is None


@pytest.mark.parametrize("text", ["1e5", "1E-2", "NaN", "nan", "Infinity", "-inf", "+5", "1_000", "0x10",
                                  ".5", "5.", "1..2", "1.2.3", "--1", "1-", ""])
def test_what_decimal_reads_but_a_table_never_prints_is_not_an_amount(text: str) -> None:
    assert parse_amount(text) is None


@PROPERTY
@given(st.integers(1, 999), st.lists(st.integers(0, 99_999), min_size=1, max_size=4), st.data())
def test_thousands_separators_must_group_three_digits(head: int, groups: list[int], data: st.DataObject) -> None:
    widths = [data.draw(st.integers(1, 5)) for _ in groups]
    assume(any(w != 3 for w in widths))
    text = str(head) + "".join("," + str(g).zfill(w)[-w:] for g, w in zip(groups, widths, strict=True))
    assert parse_amount(text) is None


@PROPERTY
@given(st.integers(1000, 10**12), st.booleans())
def test_a_whole_amount_separated_only_before_its_last_three_digits_reads_whole(value: int, negative: bool) -> None:
    """上海 2026 prints `128138,600` for 128,138,600 元 throughout a report."""
    printed = ("-" if negative else "") + f"{value // 1000},{value % 1000:03d}"
    assert parse_amount(printed) == (-value if negative else value)


@PROPERTY
@given(st.text())
def test_a_blank_mark_is_never_an_amount_nor_holds_a_digit(text: str) -> None:
    if is_blank_mark(text):
        assert parse_amount(text) is None
        assert not any(ch.isdigit() for ch in text)


@PROPERTY
@given(st.sampled_from(sorted(BLANK_MARKS)), st.text(WHITESPACE, max_size=3), st.text(WHITESPACE, max_size=3))
def test_blank_marks_are_read_through_surrounding_whitespace(mark: str, before: str, after: str) -> None:
    assert is_blank_mark(before + mark + after)
    assert not is_blank_mark(mark + "0")


# --- normalisation ---------------------------------------------------------------------------


@PROPERTY
@given(st.text(), st.text())
def test_normalize_is_idempotent_removes_whitespace_and_composes(a: str, b: str) -> None:
    once = normalize(a)
    assert normalize(once) == once
    assert not any(ch.isspace() for ch in once) and ":" not in once
    # Character by character: normalising a concatenation is concatenating the normalised parts
    # (so a word the text layer cut anywhere normalises to the same name).
    assert normalize(a + b) == once + normalize(b)
    assert len(once) == len([ch for ch in a if not ch.isspace()])


# --- catalogs and codes ----------------------------------------------------------------------


@PROPERTY
@given(st.text())
def test_class_code_for_name_is_a_class_of_the_catalog_or_none(label: str) -> None:
    code = class_code_for_name(label)
    assert code is None or code in CLASSES


@FEW
@given(st.sampled_from(CLASSES), st.sampled_from(["", "九、", "12、", "（三）"]), st.data())
def test_every_class_is_found_by_its_printed_name(code: str, numbering: str, data: st.DataObject) -> None:
    """As printed: numbered, with spaces from the text layer anywhere, or short (外交 for 外交支出)."""
    name = FUNCTION[code].name
    if name.endswith("支出") and data.draw(st.booleans()):
        name = name[: -len("支出")]
    cut = data.draw(st.integers(0, len(name)))
    printed = numbering + name[:cut] + data.draw(WHITESPACE) + name[cut:]
    assert class_code_for_name(printed) == code


@PROPERTY
@given(st.sampled_from(["function", "economic"]), st.text("0123456789", max_size=8),
       st.lists(st.text(max_size=12), max_size=3), st.lists(st.text(max_size=12), max_size=2))
def test_catalog_names_agree_only_on_catalog_codes_and_more_names_never_disagree(
    kind: str, code: str, names: list[str], more: list[str]
) -> None:
    agrees = catalog_names_agree(kind, code, names)
    assert not agrees or code in load_catalog(kind)
    assert not agrees or catalog_names_agree(kind, code, names + more)
    assert not catalog_names_agree(kind, code, [])


@FEW
@given(st.sampled_from(["function", "economic"]), st.data())
def test_a_catalog_name_and_its_wrapped_beginning_agree_with_its_code(kind: str, data: st.DataObject) -> None:
    catalog = load_catalog(kind)
    code = data.draw(st.sampled_from(sorted(catalog)))
    name = catalog[code].name
    assert catalog_names_agree(kind, code, ["", name])
    cut = data.draw(st.integers(4, max(4, len(name))))
    assume(not re.search(r"[（）()“”\"等、]", name[:cut]))
    assert catalog_names_agree(kind, code, [name[:cut]])


@st.composite
def printed_codes(draw: st.DrawFn, kind: str) -> tuple[str, str]:
    """(a code as printed, cut short or not, or digits of no code; the row's name as printed)."""
    catalog = load_catalog(kind)
    code = draw(st.sampled_from(sorted(catalog)))
    printed = draw(st.one_of(st.integers(1, len(code)).map(lambda n: code[:n]), st.text("0123456789", max_size=7)))
    name = draw(st.one_of(st.just(catalog[code].name), st.sampled_from(sorted(s.name for s in catalog.values())),
                          st.text(CJK, max_size=6)))
    return printed, name


@PROPERTY
@given(st.sampled_from(["function", "economic"]).flatmap(lambda k: st.tuples(st.just(k), printed_codes(k))),
       st.data())
def test_a_fresh_resolver_never_invents_a_code(case: tuple[str, tuple[str, str]], data: st.DataObject) -> None:
    """With nothing learnt from the report, a code is the printed code itself (a complete code,
    or a local 7-digit economic item) or a catalog code that names the row as printed."""
    kind, (printed, name) = case
    resolver = CodeResolver(kind)
    catalog = load_catalog(kind)
    parents = sorted(c for c in catalog if len(c) < len(printed) and printed.startswith(c))
    parent = data.draw(st.sampled_from([None, *parents]))
    open_codes = tuple(data.draw(st.lists(st.sampled_from(sorted(catalog)), max_size=2)))
    full = resolver.resolve(printed, name, parent, open_codes=open_codes)
    event("as printed" if full == printed else "none" if full is None else "repaired")
    if full is not None and full != printed:
        assert catalog_names_agree(kind, full, [name])
    if len(printed) in resolver.lengths:
        assert full == printed
    named = resolver.resolve_name(name, open_codes)
    assert named is None or catalog_names_agree(kind, named, [name])


def _word(text: str, x0: float, top: float, width: float | None = None) -> Word:
    return Word(text, x0, x0 + (width if width is not None else 6.0 * len(text)), top, top + 10.0)


@FEW
@given(st.sampled_from(sorted(c for c in FUNCTION if len(c) == 7)), st.floats(0, 400), st.floats(0, 700))
def test_a_code_glued_to_its_name_is_split_where_the_catalog_agrees(code: str, x0: float, top: float) -> None:
    name = FUNCTION[code].name
    glued = _word(code + name, x0, top)
    frag = Fragment(1, top, top + 10, label=[glued])
    split_glued_code(frag, "function")
    assert [w.text for w in frag.label] == [code, name]
    first, second = frag.label
    assert (first.x0, first.x1, second.x1) == (glued.x0, second.x0, glued.x1) and first.x1 < second.x1


label_words = st.lists(
    st.builds(_word, st.text(st.sampled_from("0123456789行政运行其他支出（）"), min_size=1, max_size=12),
              st.floats(0, 500), st.floats(0, 40), st.one_of(st.none(), st.floats(1, 80))),
    min_size=1, max_size=5,
)


@PROPERTY
@given(label_words, st.sampled_from([None, "function", "economic"]))
def test_code_cell_repairs_never_lose_or_invent_a_character(words: list[Word], kind: str | None) -> None:
    """Splitting a glued code, joining a wrapped one: the label's characters are kept (a joined code
    is its two parts), whatever the words and wherever they are."""
    frag = Fragment(1, 0.0, 50.0, label=list(words))
    split_glued_code(frag, kind)
    join_wrapped_code_cells(frag, kind)
    assert sorted("".join(w.text for w in frag.label)) == sorted("".join(w.text for w in words))
    for w in frag.label:
        assert w.text in {v.text for v in words} or kind is not None


@PROPERTY
@given(label_words)
def test_clipped_code_repair_only_pads_or_drops_a_lone_digit(words: list[Word]) -> None:
    frag = Fragment(1, 0.0, 50.0, label=list(words))
    repair_clipped_code_cells(frag)
    remaining = list(words)
    for w in frag.label:  # each word kept is a word printed, or that lone digit padded (2 -> 02)
        original = next(v for v in remaining if (v.x0, v.x1, v.top) == (w.x0, w.x1, w.top)
                        and w.text in (v.text, "0" + v.text))
        remaining.remove(original)
        assert w.text == original.text or (len(original.text) == 1 and original.text.isdigit())
    assert all(len(v.text) == 1 and v.text.isdigit() for v in remaining)  # only lone digits are dropped


@FEW
@given(st.sampled_from(sorted(c for c in FUNCTION if len(c) == 7)), st.floats(0, 300), st.floats(0, 700))
def test_a_code_wrapped_after_six_digits_is_joined_where_the_catalog_agrees(code: str, x0: float, top: float) -> None:
    head, tail = _word(code[:6], x0, top), _word(code[6:], x0, top + 11.0)
    name = _word(FUNCTION[code].name, x0 + 60, top)
    frag = Fragment(1, top, top + 21, label=[head, name, tail])
    join_wrapped_code_cells(frag, "function")
    assert [w.text for w in frag.label] == [code, name.text]
    assert wraps_code(Line(1, [head]), Line(1, [tail]))


@PROPERTY
@given(label_words, label_words)
def test_a_wrapped_code_line_is_one_digit_word(above: list[Word], below: list[Word]) -> None:
    if wraps_code(Line(1, above), Line(1, below)):
        assert len(below) == 1 and below[0].text.isdigit()


# --- header ----------------------------------------------------------------------------------

HEADER_TEXTS = ["项目", "科目名称", "功能分类科目编码", "类", "款", "项", "合计", "基本支出", "项目支出", "栏次",
                "1", "2", "3", "单位：万元", "部门：某局", "公开02表", "注：本表无数据", "2023年", "32,979.59",
                "2010101", "一、一般公共服务支出", "2644871", "-", "金额", "决算数", "预算数"]
line_texts = st.lists(st.lists(st.one_of(st.sampled_from(HEADER_TEXTS), st.text(CJK, min_size=1, max_size=5)),
                               min_size=1, max_size=5), max_size=12)


def _lines(texts: list[list[str]]) -> list[Line]:
    return [Line(1, [_word(t, 40.0 + 90.0 * i, 100.0 + 14.0 * n) for i, t in enumerate(words)])
            for n, words in enumerate(texts)]


@PROPERTY
@given(line_texts)
def test_split_header_partitions_the_lines_before_the_note_in_order(texts: list[list[str]]) -> None:
    lines = _lines(texts)
    header, data, meta = split_header(lines)
    note = next((i for i, line in enumerate(lines) if NOTE.match(line.norm)), len(lines))
    index = {id(line): i for i, line in enumerate(lines)}
    parts = [[index[id(line)] for line in part] for part in (header, data, meta)]
    assert sorted(i for part in parts for i in part) == list(range(note))  # each line once, none after 注：
    assert all(part == sorted(part) for part in parts)
    if parts[1]:  # data follows the header and the meta lines
        assert max(parts[0] + parts[2], default=-1) < min(parts[1])
    assert all(UNIT_RE.search(line.text) or TABLE_NUMBER.fullmatch(line.norm) for line in meta)


TABLES = [(name, code) for name in PROFILES for code in load_profile(name).tables]


def _printed_columns(name: str, code: str) -> list[tuple[int, str, str]] | None:
    """(panel, key, first alias) of every column the table's first header order prints, left to
    right, or None for a table whose columns are not read from its header (by order, turned)."""
    tprof = load_profile(name).tables[code]
    out = []
    for p_idx, panel in enumerate(tprof.panels):
        if panel.kind == "rotated" or panel.by_order:
            return None
        columns, _ = panel.header_orders()[0]
        if panel.line_column:
            out.append((p_idx, "_line", panel.line_column[0]))
        out += [(p_idx, key, aliases[0]) for key, aliases in columns.items()]
    return out


HEADER_TABLES = [t for t in TABLES if _printed_columns(*t)]


@FEW
@given(st.sampled_from(HEADER_TABLES), st.floats(10, 40), st.floats(0, 30))
def test_a_header_printing_each_columns_alias_is_read_as_those_columns(
    table: tuple[str, str], gap: float, top: float
) -> None:
    name, code = table
    printed = _printed_columns(name, code) or []
    x, words = 20.0, []
    for _, _, alias in printed:
        words.append(_word(alias, x, top))
        x = words[-1].x1 + gap
    layout = column_layout(header_cells([Line(1, words)]), load_profile(name).tables[code], [])
    assert layout is not None
    assert [(a.panel, a.key) for a in sorted(layout.anchors, key=lambda a: a.x0)] == [(p, k) for p, k, _ in printed]


def _aliases(name: str, code: str) -> list[str]:
    """Every header text the table's profile knows (its columns' aliases in every order)."""
    tprof = load_profile(name).tables[code]
    texts = {a for panel in tprof.panels for columns, _ in panel.header_orders() for aliases in columns.values()
             for a in aliases}
    return sorted(texts | {a for panel in tprof.panels for a in panel.line_column})


@st.composite
def header_words(draw: st.DrawFn) -> tuple[str, str, list[Word]]:
    """A table and header words for it: its own aliases, other header texts and noise, anywhere
    on up to three lines (so wrapped cells and merged parents form too)."""
    name, code = draw(st.sampled_from(TABLES))
    texts = st.one_of(st.sampled_from(_aliases(name, code)), st.sampled_from(HEADER_TEXTS), st.text(CJK, max_size=6))
    words = draw(st.lists(st.builds(_word, texts, st.floats(0, 800), st.sampled_from([0.0, 12.0, 24.0])),
                          min_size=1, max_size=12))
    return name, code, [w for w in words if w.text.strip()]


@PROPERTY
@given(header_words(), line_texts)
def test_column_layout_anchors_are_columns_of_the_table_and_panels_tile_the_line(
    case: tuple[str, str, list[Word]], data_texts: list[list[str]]
) -> None:
    """Any header words: no error but a ParseIssue (a panel not recognised); each anchor is a
    column of its panel, once, at a header cell; the panels' ranges cover the line from -inf to
    +inf without gap or overlap (every word of a row falls in exactly one panel)."""
    name, code, words = case
    tprof = load_profile(name).tables[code]
    assume(words)
    cells = header_cells(_lines_of(words))
    try:
        layout = column_layout(cells, tprof, _lines(data_texts))
    except ParseIssue as issue:
        event("a panel's header not recognised")
        assert str(issue)
        return
    event("no column" if layout is None else f"{len(layout.anchors) // 3 * 3}+ anchors")
    if layout is None:
        return
    keys = [(a.panel, a.key) for a in layout.anchors]
    assert len(keys) == len(set(keys))
    spans = {c.own_span for c in cells}
    for a in layout.anchors:
        panel = tprof.panels[a.panel]
        allowed = {k for columns, _ in panel.header_orders() for k in columns} | {"_line"}
        assert a.key in allowed
        assert panel.by_order or (a.x0, a.x1) in spans  # (by printed order: no header cell)
    present = sorted({a.panel for a in layout.anchors})
    bounds = [layout.panel_bounds[p] for p in present]
    assert bounds[0][0] == float("-inf") and bounds[-1][2] == float("inf")
    assert all(prev[2] == nxt[0] for prev, nxt in itertools.pairwise(bounds))
    assert all(start <= end for start, _, end in bounds)


def _lines_of(words: list[Word]) -> list[Line]:
    by_top: dict[float, list[Word]] = {}
    for w in words:
        by_top.setdefault(w.top, []).append(w)
    return [Line(1, sorted(ws, key=lambda w: w.x0)) for _, ws in sorted(by_top.items())]
