"""A district is one YAML file, `districts/<id>.yaml`, validated by the `District` model.

The minimal file (id, name, adcode, timezone, listings with url and kinds) is the whole contract
for a typical 政府信息公开 site: every other field is optional and its default is what the common
CMS shapes need (see docs/adding-a-district.md). Unknown keys are errors, so a misspelt override
never silently does nothing.

    python -m crawler.districts        rewrites districts/district.schema.json from the model
"""

from __future__ import annotations

import json
import re
import sys
import zoneinfo
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ingest.kinds import document_kinds, listed_kinds

REPO_ROOT = Path(__file__).resolve().parent.parent
DISTRICTS_DIR = REPO_ROOT / "districts"
SCHEMA_FILE = DISTRICTS_DIR / "district.schema.json"

# The kinds a listing may name and the words their titles carry: ingest/kinds.yaml.
Kind = Literal[listed_kinds()]  # type: ignore[valid-type]
DEFAULT_TITLE_WORDS: dict[str, list[str]] = {kind: document_kinds()[kind].title_words for kind in listed_kinds()}

# Detail pages on the common CMSs: TRS `YYYYMM/tYYYYMMDD_N.html`, `content_N.html`, `art/YYYY/…`,
# `info/NNN/NNN.htm`, and dynamic pages keyed by an id.
DEFAULT_DETAIL_PATTERNS = [
    r"/\d{6}/t\d{8}_\d+\.s?html?$",
    r"/content_\d+\.s?html?$",
    r"/art/\d{4}/",
    r"/info/\d+/\d+\.s?html?$",
    r"[?&](id|articleId|infoid|docid)=",
]

# Attachments that carry no file extension in their URL: the name is in Content-Disposition.
DEFAULT_ATTACHMENT_PATTERNS = [
    r"download\.do\b",
    r"/download(File)?\b",
    r"downfile",
    r"getFile",
    r"/attachment/",
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _regex_list(values: list[str]) -> list[str]:
    for v in values:
        try:
            re.compile(v)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {v!r} ({exc})") from exc
    return values


class Politeness(Strict):
    """How hard we may hit the district's hosts. robots.txt's Crawl-delay, when larger, wins."""

    delay_seconds: Annotated[float, Field(ge=0, description="Pause between two requests to one host")] = 1.0
    concurrency: Annotated[int, Field(ge=1, le=8, description="Requests in flight to one host")] = 1
    max_requests: Annotated[int, Field(ge=1, description="Requests per district per run (retries count)")] = 5000
    max_file_bytes: Annotated[int, Field(ge=1, description="A file larger than this is not downloaded")] = (
        200 * 1024 * 1024
    )
    connect_timeout_seconds: Annotated[float, Field(gt=0)] = 10.0
    read_timeout_seconds: Annotated[float, Field(gt=0, description="Silence on the socket before giving up")] = 30.0
    file_deadline_seconds: Annotated[
        float, Field(gt=0, description="Wall clock for one page or file, retries included")
    ] = 600.0
    retries: Annotated[int, Field(ge=0, le=10, description="Retries on 429/5xx/timeouts/cut bodies")] = 3
    backoff_seconds: Annotated[float, Field(ge=0, description="First retry's pause; doubles each time")] = 2.0
    max_retry_after_seconds: Annotated[
        float, Field(ge=0, description="A longer Retry-After is recorded as rate limited, not waited for")
    ] = 300.0


class Pagination(Strict):
    """How a listing's further pages are found. `auto` tries TRS createPageHTML, then page links."""

    scheme: Literal["auto", "trs", "query", "links", "none"] = "auto"
    param: Annotated[str, Field(description="Query parameter of `query` pagination")] = "page"
    max_pages: Annotated[int, Field(ge=1)] = 50


class Patterns(Strict):
    """Overrides of how links are recognised; regular expressions are searched in absolute URLs."""

    detail_url: list[str] = Field(default_factory=lambda: list(DEFAULT_DETAIL_PATTERNS))
    attachment_url: list[str] = Field(default_factory=lambda: list(DEFAULT_ATTACHMENT_PATTERNS))
    item_selector: Annotated[
        str | None, Field(description="CSS selector of the listing's item area (default: whole page)")
    ] = None
    exclude_words: list[str] = Field(default_factory=list, description="Titles carrying one are skipped")

    _check = field_validator("detail_url", "attachment_url")(_regex_list)


class Listing(Strict):
    url: Annotated[str, Field(description="A listing page of the district's disclosure site")]
    kinds: Annotated[list[Kind], Field(min_length=1)]
    pagination: Pagination | None = None  # default: the district's

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {value!r}")
        return value


class District(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="The file name without .yaml")]
    name: str
    adcode: Annotated[str, Field(pattern=r"^\d{6}$", description="行政区划代码 (GB/T 2260)")]
    timezone: str = "Asia/Shanghai"
    listings: Annotated[list[Listing], Field(min_length=1)]
    enabled: bool = True
    verified: Annotated[
        bool,
        Field(description="false: the listing URL was not checked by a person; crawled only when named"),
    ] = True
    allowed_hosts: Annotated[
        list[str] | None,
        Field(description="Hosts we may fetch from (`*.example.gov.cn` for subdomains); default: the "
                          "listings' sites and their subdomains"),
    ] = None
    year_from: int | None = None
    year_to: int | None = None
    title_words: dict[Kind, list[str]] = Field(default_factory=lambda: {k: list(v) for k, v in
                                                                       DEFAULT_TITLE_WORDS.items()})
    pagination: Pagination = Field(default_factory=Pagination)
    patterns: Patterns = Field(default_factory=Patterns)
    politeness: Politeness = Field(default_factory=Politeness)
    max_depth: Annotated[
        int, Field(ge=1, le=4, description="Detail pages followed from a detail page (per-unit pages) count")
    ] = 2

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @model_validator(mode="after")
    def _years_ordered(self) -> District:
        if self.year_from and self.year_to and self.year_from > self.year_to:
            raise ValueError("year_from is after year_to")
        return self

    def pagination_for(self, listing: Listing) -> Pagination:
        return listing.pagination or self.pagination

    def host_allowed(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        for pattern in self.allowed_hosts or _default_hosts(self):
            pattern = pattern.lower()
            if pattern.startswith("*.") and (host == pattern[2:] or host.endswith(pattern[1:])):
                return True
            if host == pattern:
                return True
        return False

    def fingerprint(self) -> str:
        """Changes whenever a setting that decides which links are taken changes (page cache key)."""
        import hashlib

        text = json.dumps(self.model_dump(exclude={"politeness", "enabled", "verified"}), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def _default_hosts(district: District) -> list[str]:
    # A 政府信息公开 site often serves files from a sibling host (www.x.gov.cn → file.x.gov.cn):
    # the listing's site without `www.` and every subdomain of it.
    hosts: list[str] = []
    for listing in district.listings:
        host = (urlsplit(listing.url).hostname or "").lower()
        site = host.removeprefix("www.")
        hosts += [host, site, f"*.{site}"]
    return hosts


class DistrictError(ValueError):
    """A district file that cannot be used (bad YAML, failed validation, wrong file name)."""


def load_district(path: Path) -> District:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DistrictError(f"{path.name}: cannot read: {exc}") from exc
    try:
        district = District.model_validate(data)
    except ValidationError as exc:
        raise DistrictError(f"{path.name}: {exc}") from exc
    if district.id != path.stem:
        raise DistrictError(f"{path.name}: id {district.id!r} differs from the file name")
    return district


def load_districts(folder: Path = DISTRICTS_DIR) -> list[District]:
    """Every `*.yaml` of the folder, sorted by id; the first invalid file raises DistrictError."""
    return [load_district(p) for p in sorted(folder.glob("*.yaml"))]


def schema_text() -> str:
    return json.dumps(District.model_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def scaffold(district_id: str, name: str, adcode: str, listing_url: str, kinds: list[str],
             timezone: str = "Asia/Shanghai") -> str:
    """The YAML text of a new district file (validated): the minimal contract, `verified: false`
    until a person has looked at a test crawl."""
    data = {
        "id": district_id,
        "name": name,
        "adcode": adcode,
        "timezone": timezone,
        "verified": False,
        "listings": [{"url": listing_url, "kinds": kinds}],
    }
    District.model_validate(data)
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return (
        "# yaml-language-server: $schema=district.schema.json\n"
        "# See docs/adding-a-district.md. Set verified: true once a test crawl "
        "(`fiscal crawl --district " + district_id + "`) found the reports.\n" + body
    )


if __name__ == "__main__":  # pragma: no cover
    SCHEMA_FILE.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_FILE}", file=sys.stderr)
