"""Seeded mutations of a PDF's bytes, for fuzzing the parser (`benchmarks.fuzz_pdfs`).

Two families, each a function `(rng, data) -> (mutated bytes, what was done)` or None where the
file offers nothing to mutate that way:

- byte level, blind to the format: bits flipped, bytes inserted, deleted, a range duplicated, the
  file truncated, a PDF keyword dropped in at random;
- object level, aimed at what a reader trusts: the cross-reference table and `startxref`, a
  stream's `/Length`, the page tree's `/Count` and `/Kids`, a page's `/MediaBox` and `/Rotate`,
  arrays and dictionaries nested thousands deep, `endobj` removed, references to missing objects,
  and the drawing operators of a page's content stream (inflated, changed, deflated again).

An object-level edit changes lengths, so the xref offsets no longer point at their objects; half
the time the table is rebuilt (`rebuild_xref`) so that the edit itself, not the broken table, is
what the reader meets.
"""

from __future__ import annotations

import base64
import random
import re
import zlib
from collections.abc import Callable

Mutation = Callable[[random.Random, bytes], tuple[bytes, str] | None]

# Values a reader must survive where it expects a number (a size, a count, a coordinate, an offset).
HOSTILE_NUMBERS = (b"0", b"-1", b"-99999", b"2147483648", b"99999999999999999999", b"1e308", b"0.0001",
                   b"-0", b"NaN", b"3.4028235e38", b"1.#INF", b"")
# Tokens that change how a reader cuts the file into objects.
PDF_KEYWORDS = (b"endobj", b"endstream", b"stream\n", b"obj", b"<<", b">>", b"[", b"]", b"(", b")",
                b"trailer", b"xref", b"%%EOF", b"startxref", b"0 0 R", b"/Length 0")


def _span(rng: random.Random, size: int, longest: int) -> tuple[int, int]:
    start = rng.randrange(size)
    return start, min(size, start + rng.randint(1, longest))


# --- byte level ------------------------------------------------------------------------------


def flip_bits(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    out = bytearray(data)
    at = sorted(rng.randrange(len(out)) for _ in range(rng.randint(1, 16)))
    for i in at:
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out), f"flip {len(at)} bits at {at[0]}..{at[-1]}"


def insert_bytes(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    at = rng.randrange(len(data) + 1)
    junk = rng.randbytes(rng.randint(1, 256))
    return data[:at] + junk + data[at:], f"insert {len(junk)} random bytes at {at}"


def delete_range(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    start, end = _span(rng, len(data), 512)
    return data[:start] + data[end:], f"delete bytes {start}..{end}"


def duplicate_range(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    start, end = _span(rng, len(data), 4096)
    at = rng.randrange(len(data) + 1)
    return data[:at] + data[start:end] + data[at:], f"copy bytes {start}..{end} to {at}"


def truncate(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    keep = rng.randrange(len(data))
    return data[:keep], f"truncate to {keep} of {len(data)} bytes"


def drop_keyword(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    at = rng.randrange(len(data) + 1)
    word = rng.choice(PDF_KEYWORDS)
    return data[:at] + b" " + word + b" " + data[at:], f"insert {word!r} at {at}"


# --- object level ----------------------------------------------------------------------------


def _replace_match(rng: random.Random, data: bytes, pattern: bytes, value: Callable[[re.Match[bytes]], bytes],
                   ) -> tuple[bytes, re.Match[bytes]] | None:
    """`data` with one match of `pattern` (chosen by `rng`) replaced by `value(match)`."""
    matches = list(re.finditer(pattern, data, re.DOTALL))
    if not matches:
        return None
    m = rng.choice(matches)
    return data[: m.start()] + value(m) + data[m.end() :], m


def _hostile(rng: random.Random) -> bytes:
    return rng.choice(HOSTILE_NUMBERS)


def corrupt_startxref(rng: random.Random, data: bytes) -> tuple[bytes, str] | None:
    new = rng.choice([_hostile(rng), str(rng.randrange(len(data) + 1000)).encode()])
    done = _replace_match(rng, data, rb"startxref\s+(\d+)", lambda m: b"startxref\n" + new)
    return done and (done[0], f"startxref = {new.decode()!r}")


def corrupt_xref_entries(rng: random.Random, data: bytes) -> tuple[bytes, str] | None:
    entries = list(re.finditer(rb"(\d{10}) (\d{5}) n", data))
    if not entries:
        return None
    out = bytearray(data)
    chosen = rng.sample(entries, min(len(entries), rng.randint(1, 5)))
    for m in chosen:
        offset = rng.choice([0, rng.randrange(len(data)), len(data) + 10, 9_999_999_999])
        out[m.start() : m.start() + 10] = b"%010d" % offset
    return bytes(out), f"{len(chosen)} xref offsets moved"


def change_length(rng: random.Random, data: bytes) -> tuple[bytes, str] | None:
    new = _hostile(rng)
    done = _replace_match(rng, data, rb"/Length \d+", lambda m: b"/Length " + new)
    return done and (done[0], f"a stream's /Length = {new.decode()!r}")


def change_count(rng: random.Random, data: bytes) -> tuple[bytes, str] | None:
    new = _hostile(rng)
    done = _replace_match(rng, data, rb"/Count \d+", lambda m: b"/Count " + new)
    return done and (done[0], f"/Count = {new.decode()!r}")


def change_mediabox(rng: random.Random, data: bytes) -> tuple[bytes, str] | None:
    boxes = (b"[ 0 0 0 0 ]", b"[ 0 0 200000 200000 ]", b"[ 0 0 14400 -14400 ]", b"[ 600 900 0 0 ]",
             b"[ 0 0 1e308 1e308 ]", b"[ 0 0 ]", b"[ ]", b"[ /a /b /c /d ]", b"[ 0 0 NaN 100 ]", b"null")
    new = rng.choice(boxes)
    done = _replace_match(rng, data, rb"/MediaBox \[[^\]]*\]", lambda m: b"/MediaBox " + new)
    return done and (done[0], f"a page's /MediaBox = {new.decode()}")


def change_rotate(rng: random.Random, data: bytes) -> tuple[bytes, str] | None:
    new = rng.choice([b"45", b"-90", b"270", b"360000", b"1e9", b"/Ninety"])
    done = _replace_match(rng, data, rb"/Rotate -?\d+", lambda m: b"/Rotate " + new)
    return done and (done[0], f"a page's /Rotate = {new.decode()}")


def nest_deeply(rng: random.Random, data: bytes) -> tuple[bytes, str] | None:
    """A value replaced by an array or dictionary nested thousands deep (a parser recursing
    on nesting runs out of stack)."""
    depth = rng.choice([100, 1_000, 10_000, 100_000])
    if rng.random() < 0.5:
        value, what = b"[" * depth + b"]" * depth, "arrays"
    else:
        value, what = b"<< /A " * depth + b"1" + b" >>" * depth, "dictionaries"
    target = rng.choice([rb"/MediaBox \[[^\]]*\]", rb"/Kids \[[^\]]*\]", rb"/Font \d+ 0 R", rb"/Contents \d+ 0 R"])
    key = target.split(b" ")[0]
    done = _replace_match(rng, data, target, lambda m: key + b" " + value)
    return done and (done[0], f"{key.decode()} = {what} nested {depth} deep")


def remove_endobj(rng: random.Random, data: bytes) -> tuple[bytes, str] | None:
    if b"endobj" not in data:
        return None
    if rng.random() < 0.3:
        return data.replace(b"endobj", b""), "every endobj removed"
    done = _replace_match(rng, data, rb"endobj", lambda m: b"")
    return done and (done[0], f"endobj at {done[1].start()} removed")


def break_reference(rng: random.Random, data: bytes) -> tuple[bytes, str] | None:
    """An indirect reference pointed at a missing object, at object 0, or at its own object
    (the page tree's /Parent and /Kids then loop)."""
    refs = list(re.finditer(rb"(?<![\d.])(\d+) 0 R", data))
    if not refs:
        return None
    m = rng.choice(refs)
    owner = [o for o in re.finditer(rb"(?m)^(\d+) 0 obj", data[: m.start()])]
    choices = [b"999999", b"0", b"-3"] + ([owner[-1].group(1)] if owner else [])
    new = rng.choice(choices)
    return data[: m.start()] + new + b" 0 R" + data[m.end() :], f"reference {m.group(1).decode()} 0 R -> {new.decode()}"


def loop_page_tree(rng: random.Random, data: bytes) -> tuple[bytes, str] | None:
    """The page tree's /Kids made to contain the page tree itself (an endless tree)."""
    pages = re.search(rb"(?m)^(\d+) 0 obj\s*<<[^>]*?/Type /Pages", data)
    kids = re.search(rb"/Kids \[", data)
    if not pages or not kids:
        return None
    me = pages.group(1)
    looped = data[: kids.end()] + b" " + me + b" 0 R" + data[kids.end() :]
    return looped, f"/Kids includes its own Pages object {me.decode()}"


_STREAM = rb"<<\s*/Filter \[ /ASCII85Decode /FlateDecode \] /Length \d+\s*>>\s*stream\r?\n(.*?)endstream"
_NUMBER = re.compile(rb"(?<![\w./#])-?\d+(?:\.\d+)?(?![\w.])")


def _decoded(stream: bytes) -> bytes | None:
    try:
        return zlib.decompress(base64.a85decode(stream.strip(), adobe=True))
    except (ValueError, zlib.error):
        return None


def mutate_content(rng: random.Random, data: bytes) -> tuple[bytes, str] | None:
    """One of the ASCII85+Flate streams (page contents, font programs) decoded, its operators or
    operands changed, and written back deflated with its true /Length."""
    streams = [m for m in re.finditer(_STREAM, data, re.DOTALL) if _decoded(m.group(1)) is not None]
    if not streams:
        return None
    m = rng.choice(streams)
    content = _decoded(m.group(1)) or b""
    lines = content.split(b"\n")
    how = rng.choice(["number", "number", "drop line", "repeat line", "swap lines", "nest q", "cut"])
    if how == "number" and (numbers := list(_NUMBER.finditer(content))):
        n = rng.choice(numbers)
        new = _hostile(rng) or b"1e9"
        content = content[: n.start()] + new + content[n.end() :]
        how = f"operand {n.group(0).decode()} -> {new.decode()}"
    elif how in ("drop line", "repeat line", "swap lines") and len(lines) > 1:
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        if how == "drop line":
            del lines[i]
        elif how == "repeat line":
            lines.insert(i, lines[i] * rng.randint(2, 200))
        else:
            lines[i], lines[j] = lines[j], lines[i]
        content = b"\n".join(lines)
    elif how == "nest q":
        content = b"q " * rng.choice([100, 10_000]) + content
    else:
        content = content[: rng.randrange(len(content) + 1)]
        how = "cut"
    packed = zlib.compress(content)
    stream = b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed) + packed + b"\nendstream"
    return data[: m.start()] + stream + data[m.end() :], f"content stream at {m.start()}: {how}"


def rebuild_xref(data: bytes) -> bytes:
    """The cross-reference table and `startxref` rewritten for where the objects now are (the
    last definition of an object number wins, as in an incremental update)."""
    table = re.search(rb"\nxref\r?\n.*?(?=trailer)", data, re.DOTALL)
    if table is None:
        return data
    offsets = {int(m.group(1)): m.start() for m in re.finditer(rb"(?m)^(\d+) 0 obj\b", data[: table.start()])}
    if not offsets:
        return data
    size = max(offsets) + 1
    rows = [b"0000000000 65535 f \n"] + [
        b"%010d 00000 n \n" % offsets[i] if i in offsets else b"0000000000 65535 f \n" for i in range(1, size)
    ]
    head = data[: table.start()] + b"\n"
    body = b"xref\n0 %d\n" % size + b"".join(rows)
    tail = data[table.end() :]
    tail = re.sub(rb"startxref\s+\d+", b"startxref\n%d" % len(head), tail, count=1)
    return head + body + tail


def keep_pages(data: bytes, first: int, last: int) -> bytes:
    """The PDF cut to its pages `first`..`last` (1-based), for quicker campaigns: the page tree's
    /Kids and /Count cut, the other objects left in place. Only a flat page tree (one /Kids list,
    as reportlab writes) is cut; anything else is a ValueError."""
    trees = list(re.finditer(rb"/Count (\d+) /Kids \[([^\]]*)\]", data))
    if len(trees) != 1:
        raise ValueError(f"not one flat page tree ({len(trees)} /Count /Kids lists): cannot cut pages")
    tree = trees[0]
    kids = re.findall(rb"\d+ 0 R", tree.group(2))
    if not 1 <= first <= last <= len(kids):
        raise ValueError(f"pages {first}-{last} of a PDF of {len(kids)} pages")
    kept = kids[first - 1 : last]
    cut = b"/Count %d /Kids [ " % len(kept) + b" ".join(kept) + b" ]"
    return rebuild_xref(data[: tree.start()] + cut + data[tree.end() :])


BYTE_MUTATIONS: dict[str, Mutation] = {
    "flip_bits": flip_bits,
    "insert_bytes": insert_bytes,
    "delete_range": delete_range,
    "duplicate_range": duplicate_range,
    "truncate": truncate,
    "drop_keyword": drop_keyword,
}
OBJECT_MUTATIONS: dict[str, Mutation] = {
    "corrupt_startxref": corrupt_startxref,
    "corrupt_xref_entries": corrupt_xref_entries,
    "change_length": change_length,
    "change_count": change_count,
    "change_mediabox": change_mediabox,
    "change_rotate": change_rotate,
    "nest_deeply": nest_deeply,
    "remove_endobj": remove_endobj,
    "break_reference": break_reference,
    "loop_page_tree": loop_page_tree,
    "mutate_content": mutate_content,
}
# Object-level edits that move objects (and so break the xref table unless it is rebuilt).
_MOVES_OBJECTS = {"change_length", "change_count", "change_mediabox", "change_rotate", "nest_deeply",
                  "remove_endobj", "break_reference", "loop_page_tree", "mutate_content"}


def mutate(rng: random.Random, data: bytes) -> tuple[bytes, list[str]]:
    """One to three mutations of `data` (object level twice as often as byte level: the byte
    level mostly lands in compressed streams, where it only breaks one stream)."""
    done: list[str] = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        family = BYTE_MUTATIONS if rng.random() < 1 / 3 else OBJECT_MUTATIONS
        name = rng.choice(sorted(family))
        result = family[name](rng, data) if data else None
        if result is None:
            continue
        data, what = result
        if name in _MOVES_OBJECTS and rng.random() < 0.5:
            data, what = rebuild_xref(data), what + " (xref rebuilt)"
        done.append(f"{name}: {what}")
    return data, done or ["none applied"]
