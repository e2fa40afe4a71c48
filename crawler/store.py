"""What the crawler records in the warehouse's working DuckDB (schema `raw`).

- `raw.crawl_fetches`: append-only, one row per page or file looked at in a run, with where it
  was linked from (listing, detail page), what the server said (status, validators, type) and
  what became of it (outcome, reason, sha256, landed path). A 304 row carries the sha256 of the
  content it confirms, so first/last seen per document are plain aggregates.
- `raw.document_sources` (view): per document (sha256 = document_id) and source (URL up to the
  scheme), the district, the pages that linked it, first and last seen. A later dbt model reads this.
  A member of a zip archive (`raw.archive_members`, written by landing) has its archive's sources,
  with the archive and the member's path in it.
- `raw.crawl_pages`: the latest state of each listing/detail page (validators and the links it
  offered) so that an unchanged page answered by 304 still yields its links.
- `raw.crawl_runs`: one row per district per run: crawled or failed, and why.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import astuple, dataclass, fields
from datetime import datetime
from pathlib import Path

import duckdb

DDL = """
CREATE SCHEMA IF NOT EXISTS raw;
CREATE TABLE IF NOT EXISTS raw.crawl_fetches (
    run_id VARCHAR NOT NULL,
    district_id VARCHAR NOT NULL,
    role VARCHAR NOT NULL,          -- listing | detail | attachment
    url VARCHAR NOT NULL,           -- what was asked for
    url_key VARCHAR NOT NULL,       -- scheme-less canonical form: http and https of one file are one
    listing_url VARCHAR,            -- the district listing this was reached from
    detail_url VARCHAR,             -- the page that linked this file (NULL: linked from the listing)
    attachment_url VARCHAR,         -- the file's URL (role attachment)
    final_url VARCHAR,              -- after redirects
    link_text VARCHAR,
    page_title VARCHAR,             -- title of the page that linked the file (or of the page itself)
    kinds VARCHAR,                  -- the listing's kinds, e.g. final_accounts,budget
    http_status INTEGER,
    etag VARCHAR,
    last_modified VARCHAR,
    content_type VARCHAR,
    fetched_at TIMESTAMPTZ NOT NULL,
    bytes BIGINT NOT NULL,          -- body bytes received (0 for a 304)
    sha256 VARCHAR,                 -- the file's content; for a 304, the content it confirms
    file_name VARCHAR,
    landed_path VARCHAR,
    outcome VARCHAR NOT NULL,
    reason VARCHAR,
    attempts INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS raw.crawl_pages (
    district_id VARCHAR NOT NULL,
    url_key VARCHAR NOT NULL,
    url VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    etag VARCHAR,
    last_modified VARCHAR,
    fetched_at TIMESTAMPTZ NOT NULL,
    fingerprint VARCHAR NOT NULL,   -- the district settings the links were taken under
    links JSON NOT NULL,
    PRIMARY KEY (district_id, url_key)
);
CREATE TABLE IF NOT EXISTS raw.crawl_runs (
    run_id VARCHAR NOT NULL,
    district_id VARCHAR NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ NOT NULL,
    status VARCHAR NOT NULL,        -- crawled | failed
    reason VARCHAR,
    requests INTEGER NOT NULL,
    bytes BIGINT NOT NULL,
    files_found INTEGER NOT NULL,
    files_new INTEGER NOT NULL,
    failures INTEGER NOT NULL
);
-- What landing did with each member of a zip archive (orchestration/archive_landing.py): here,
-- with the crawler's tables, because the view below gives a member its archive's sources.
CREATE TABLE IF NOT EXISTS raw.archive_members (
    archive_id VARCHAR NOT NULL,    -- the archive's document_id (sha256)
    member_no INTEGER NOT NULL,     -- 1-based position in the archive (two entries may share a path)
    member_path VARCHAR NOT NULL,   -- the entry's path inside the archive, decoded
    document_id VARCHAR,            -- the member's sha256 when landed, else NULL
    file_name VARCHAR NOT NULL,     -- the safe base name it is landed under
    size BIGINT NOT NULL,           -- bytes decompressed (as declared, for a member not read)
    outcome VARCHAR NOT NULL,       -- landed | skipped | refused
    reason VARCHAR,
    PRIMARY KEY (archive_id, member_no)
);
CREATE OR REPLACE VIEW raw.document_sources AS
WITH held AS (
    SELECT sha256 AS document_id, NULL::VARCHAR AS archive_id, NULL::VARCHAR AS member_path, *
    FROM raw.crawl_fetches
    WHERE role = 'attachment' AND sha256 IS NOT NULL
      AND outcome IN ('landed', 'already_landed', 'not_modified', 'duplicate_link')
), sourced AS (
    SELECT * FROM held
    UNION ALL BY NAME
    -- a member of an archive: the archive's fetches, under the member's document_id
    SELECT h.* REPLACE (
        m.document_id AS document_id, m.archive_id AS archive_id, m.member_path AS member_path, m.file_name AS file_name
    )
    FROM held AS h JOIN raw.archive_members AS m ON m.archive_id = h.document_id
    WHERE m.document_id IS NOT NULL
)
SELECT
    document_id,
    district_id,
    url_key,                        -- one source: http and https of one URL are one
    arg_min(attachment_url, fetched_at) AS attachment_url,
    list(DISTINCT attachment_url ORDER BY attachment_url) AS attachment_urls,
    list(DISTINCT detail_url ORDER BY detail_url) FILTER (WHERE detail_url IS NOT NULL) AS detail_urls,
    list(DISTINCT listing_url ORDER BY listing_url) AS listing_urls,
    arg_min(link_text, fetched_at) AS link_text,
    arg_min(page_title, fetched_at) AS page_title,
    arg_min(file_name, fetched_at) AS file_name,
    min(fetched_at) AS first_seen,
    max(fetched_at) AS last_seen,
    count(DISTINCT run_id) AS runs_seen,
    -- a document found inside an archive fetched from this URL: the archive and its path there
    -- (NULL: the URL served the document itself)
    min(archive_id) AS archive_id,
    min(member_path) AS member_path
FROM sourced
GROUP BY document_id, district_id, url_key;
"""

# Outcomes under which a row's sha256 is content we hold in landing.
HELD = ("landed", "already_landed", "not_modified")


@dataclass
class FetchRecord:
    run_id: str
    district_id: str
    role: str
    url: str
    url_key: str
    listing_url: str | None
    detail_url: str | None
    attachment_url: str | None
    final_url: str | None
    link_text: str | None
    page_title: str | None
    kinds: str | None
    http_status: int | None
    etag: str | None
    last_modified: str | None
    content_type: str | None
    fetched_at: datetime
    bytes: int
    sha256: str | None
    file_name: str | None
    landed_path: str | None
    outcome: str
    reason: str | None
    attempts: int


@dataclass(frozen=True)
class PriorFile:
    """The last time we held this file URL's content: validators for a conditional GET."""

    etag: str | None
    last_modified: str | None
    sha256: str
    file_name: str | None
    landed_path: str


@dataclass(frozen=True)
class CachedPage:
    etag: str | None
    last_modified: str | None
    links: dict


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(DDL)


def connect(work_db: Path) -> duckdb.DuckDBPyConnection:
    work_db.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(work_db))
    ensure(con)
    return con


def prior_files(con: duckdb.DuckDBPyConnection, district_id: str) -> dict[str, PriorFile]:
    """Per url_key, the latest row under which we held the content (with its validators)."""
    rows = con.execute(
        f"""
        SELECT url_key, etag, last_modified, sha256, file_name, landed_path
        FROM raw.crawl_fetches
        WHERE district_id = ? AND role = 'attachment' AND outcome IN {HELD} AND sha256 IS NOT NULL
          AND landed_path IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY url_key ORDER BY fetched_at DESC) = 1
        """,
        [district_id],
    ).fetchall()
    return {r[0]: PriorFile(r[1], r[2], r[3], r[4], r[5]) for r in rows}


def cached_pages(con: duckdb.DuckDBPyConnection, district_id: str, fingerprint: str) -> dict[str, CachedPage]:
    rows = con.execute(
        "SELECT url_key, etag, last_modified, links FROM raw.crawl_pages WHERE district_id = ? AND fingerprint = ?",
        [district_id, fingerprint],
    ).fetchall()
    return {r[0]: CachedPage(r[1], r[2], json.loads(r[3])) for r in rows}


def _insert_columns(con: duckdb.DuckDBPyConnection, verb: str, table: str, names: list[str],
                    rows: list[tuple]) -> None:
    """One statement for many rows: each column goes in as one list parameter and is unnested
    (DuckDB's executemany runs a statement per row: ~3 ms a row, seconds for a district)."""
    if not rows:
        return
    columns = [list(col) for col in zip(*rows, strict=True)]
    select = ", ".join(f"unnest(?) AS {n}" for n in names)
    con.execute(f"{verb} INTO {table} ({', '.join(names)}) SELECT {select}", columns)


def write_fetches(con: duckdb.DuckDBPyConnection, records: Iterable[FetchRecord]) -> None:
    names = [f.name for f in fields(FetchRecord)]
    _insert_columns(con, "INSERT", "raw.crawl_fetches", names, [astuple(r) for r in records])


def write_pages(
    con: duckdb.DuckDBPyConnection, district_id: str, fingerprint: str,
    pages: Iterable[tuple[str, str, str, str | None, str | None, datetime, dict]],
) -> None:
    """Upsert (url_key, url, role, etag, last_modified, fetched_at, links) for the district."""
    # one row per page (a page reached from two listings was read twice: the last read wins)
    latest = {k: (district_id, k, u, role, e, lm, t, fingerprint, json.dumps(links, ensure_ascii=False))
              for k, u, role, e, lm, t, links in pages}
    rows = list(latest.values())
    names = ["district_id", "url_key", "url", "role", "etag", "last_modified", "fetched_at", "fingerprint", "links"]
    _insert_columns(con, "INSERT OR REPLACE", "raw.crawl_pages", names, rows)


def write_run(con: duckdb.DuckDBPyConnection, row: list[object]) -> None:
    con.execute("INSERT INTO raw.crawl_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row)


def uningested_files(con: duckdb.DuckDBPyConnection) -> list[Path]:
    """Files the crawler landed whose document the pipeline has not read yet (so a nightly run
    whose pipeline failed picks them up the next night)."""
    has_documents = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'raw' AND table_name = 'documents'"
    ).fetchone()[0]
    read = "AND sha256 NOT IN (SELECT document_id FROM raw.documents)" if has_documents else ""
    rows = con.execute(
        f"SELECT DISTINCT landed_path FROM raw.crawl_fetches WHERE outcome = 'landed' {read} ORDER BY 1"
    ).fetchall()
    return [Path(r[0]) for r in rows if Path(r[0]).is_file()]
