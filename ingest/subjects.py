"""Classification catalogs (功能分类 / 经济分类) and the repair of codes the text layer cut short.

Codes are printed as 7 digits, as separate 类 | 款 | 项 cells, or cut short by the PDF text layer
(`208050` for 2080501 and 2080505; `30` or `3010` for 301xx in table 06). The printed name beside
a cut code is intact, so the code is recovered from (1) the same report's own full codes (another
table prints the same row with its full code), then (2) the national catalog, among the children
of the current parent, by name.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ingest.text import NUMBERED, normalize


@dataclass(frozen=True, slots=True)
class Subject:
    code: str
    name: str
    names: tuple[str, ...]  # name and its variants, normalised


def _name_key(name: str) -> str:
    # Compare names without brackets, numbering and the 等 that some templates drop (商业服务业等支出
    # printed 商业服务业支出) — not the 等 of 中等, 高等, 初等: 中职业学校教学设施 is a scan's misreading
    # of 中等职业学校教学设施 (预算 seed 2504), no template's name.
    text = normalize(name)
    text = NUMBERED.sub("", text)
    return re.sub(r"[（）()“”\"]|(?<![中高初])等", "", text)


@cache
def load_catalog(kind: str) -> dict[str, Subject]:
    """`kind` is 'function' or 'economic'. An absent catalog file gives an empty catalog."""
    file = {"function": "function_subjects.csv", "economic": "economic_subjects.csv"}[kind]
    res = resources.files("ingest").joinpath("reference", file)
    if not res.is_file():
        return {}
    catalog: dict[str, Subject] = {}
    with res.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            variants = [v for v in (row.get("name_variants") or "").split("|") if v]
            names = tuple(dict.fromkeys(_name_key(n) for n in [row["name"], *variants]))
            catalog[row["code"]] = Subject(row["code"], row["name"], names)
    return catalog


def class_code_for_name(label: str) -> str | None:
    """The 3-digit 功能分类 类 code of a spending line in tables 01/04 (九、卫生健康支出 → 210)."""
    label = re.sub(r"^\d{1,2}、", "", normalize(label))  # 西安 numbers 类 lines 1、 2、 …
    key = _name_key(label)
    classes = [s for s in load_catalog("function").values() if len(s.code) == 3]
    for subject in classes:
        # 西安 2020 prints the short 类 names of the summary tables: 外交 for 外交支出.
        if key in subject.names or f"{key}支出" in subject.names:
            return subject.code
    # A name cut by a page break, its tail printed atop the next page (江苏 rdbgt_2017 p7
    # `八、社会保障和就` / p8 `业支出`): the one 类 whose name it begins.
    cut = {s.code for s in classes if _name_matches(label, s)}
    return cut.pop() if len(cut) == 1 else None


def _name_matches(printed: str, subject: Subject) -> bool:
    key = _name_key(printed)
    # A printed name may itself be cut short (其他商品和 for 其他商品和服务支出).
    return any(n == key or (len(key) >= 4 and n.startswith(key)) for n in subject.names)


def catalog_names_agree(kind: str, code: str, names: list[str]) -> bool:
    """True when the catalog of `kind` has `code` and one of `names` is its name (or begins it:
    a name wrapped onto another line)."""
    subject = load_catalog(kind).get(code)
    return subject is not None and any(n and _name_matches(n, subject) for n in names)


def either_catalog_names(code: str, names: list[str]) -> bool:
    """True when the 功能 or the 经济分类 catalog has `code` and names it by one of `names`."""
    return any(catalog_names_agree(kind, code, names) for kind in ("function", "economic"))


@cache
def codes_by_parent() -> dict[tuple[int, str], list[tuple[str, tuple[str, ...]]]]:
    """The 功能 and 经济分类 catalogs' codes by (length, all but the last two digits), each with its
    names (name and variants)."""
    index: dict[tuple[int, str], list[tuple[str, tuple[str, ...]]]] = {}
    for kind in ("function", "economic"):
        for code, subject in load_catalog(kind).items():
            index.setdefault((len(code), code[:-2]), []).append((code, (subject.name, *subject.names)))
    return index


@cache
def codes_by_length() -> dict[int, list[tuple[str, tuple[str, ...]]]]:
    """The catalogs' codes by their length, each with its names (`codes_by_parent`)."""
    index: dict[int, list[tuple[str, tuple[str, ...]]]] = {}
    for (length, _), codes in codes_by_parent().items():
        index.setdefault(length, []).extend(codes)
    return index


def named_as_catalog(code: str, label: str) -> bool:
    """The label is the catalog's name (or a variant) of the code, where a catalog has the code
    (a local code, 重庆 3010201, is not judged)."""
    kind = next((k for k in ("function", "economic") if code in load_catalog(k)), None)
    return kind is None or catalog_names_agree(kind, code, [label])


class CodeResolver:
    """Repairs printed codes within one report, remembering the report's own full codes."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.lengths = (3, 5, 7) if kind == "function" else (3, 5)
        self.known: dict[str, str] = {}  # normalised name -> full code, from this report

    def learn(self, code: str, name: str) -> None:
        if len(code) in self.lengths:
            self.known.setdefault(_name_key(name), code)

    def resolve(
        self,
        printed: str,
        name: str,
        parent: str | None,
        after: str | None = None,
        open_codes: tuple[str, ...] = (),
    ) -> str | None:
        """Full code for a printed code, or None when it cannot be recovered with certainty.

        `open_codes` are the codes of the rows above that are still open, deepest first: a 2-digit
        code may be the 款 or 项 part alone under one of them (长沙 `40 | 信访事务` under 201,
        烟台 `05` then `01` under 201), confirmed by the catalog's name for the joined code."""
        if len(printed) in self.lengths:
            return printed
        if self.kind == "economic" and len(printed) == 7 and printed[:5] in load_catalog("economic"):
            # A local 7-digit sub-item of a national 款 (重庆 `3010201 规范性津补贴` under 30102):
            # kept as printed, one level below its 款 (the marts derive parent_code = its 5 digits).
            return printed
        if len(printed) == 2:
            catalog = load_catalog(self.kind)
            for above in open_codes:
                joined = above + printed
                if len(joined) in self.lengths and joined in catalog and _name_matches(name, catalog[joined]):
                    return joined
        key = _name_key(name)
        own = self.known.get(key)
        if own and own.startswith(printed) and len(own) > len(printed):
            return own
        catalog = load_catalog(self.kind)
        candidates = [
            s.code
            for s in catalog.values()
            if len(s.code) > len(printed)
            and len(s.code) in self.lengths
            and s.code.startswith(printed)
            and _name_matches(name, s)
        ]
        # A code the catalog names exactly so before one whose name merely begins so (a name cut
        # short: 预算 seed 2434's `206060 | 社会科学研究` is 2060602, not 2060601 社会科学研究机构).
        whole = [c for c in candidates if key in catalog[c].names]
        candidates = whole or candidates
        # Under the current parent first (30 基本工资 under 301), else anywhere (30 对个人和家庭的补助 = 303).
        under = [c for c in candidates if parent is not None and c.startswith(parent)]
        for pool in (under, candidates):
            if len(pool) == 1:
                return pool[0]
            # Same name twice in the catalog (an old code kept for old reports): rows are printed
            # in code order, so take the first code after the previous row's. (Not a name cut
            # short that two names begin: which one was cut is not known.)
            later = sorted(c for c in pool if after is None or c > after)
            if len(pool) > 1 and later and whole:
                return later[0]
        if own and (parent is None or own.startswith(parent)):
            return own
        return None

    def resolve_name(self, name: str, open_codes: tuple[str, ...] = (), after: str | None = None) -> str | None:
        """Code of a subject printed by its name alone (杭州 prints no codes; the spending side of
        01/04 lists 款 and 项 under their 类 by name), or None when not certain.

        The row is a child of one of the rows above that are still open (`open_codes`, deepest
        first) or a new 类: the first of these levels where the catalog names exactly one subject
        so (a name twice under one parent, 其他社会保障缴费 30104/30112: the first code after
        `after`, rows being printed in code order). Else the report's own code for that name
        (another table prints it with its code), where it fits under an open row."""
        catalog = load_catalog(self.kind)
        key = _name_key(name)
        for above in (*open_codes, ""):
            n = next((n for n in self.lengths if n > len(above)), None)
            if n is None:
                continue
            pool = sorted(
                s.code for s in catalog.values() if len(s.code) == n and s.code.startswith(above) and key in s.names
            )
            later = [c for c in pool if after is None or c > after]
            if len(pool) == 1 or (pool and later):
                return pool[0] if len(pool) == 1 else later[0]
        own = self.known.get(key)
        if own and (len(own) == self.lengths[0] or any(own.startswith(c) and len(own) > len(c) for c in open_codes)):
            return own
        return None
