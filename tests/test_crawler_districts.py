"""District files: the model, the committed JSON Schema, every file in districts/, the scaffold."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from crawler.districts import (
    DISTRICTS_DIR,
    SCHEMA_FILE,
    District,
    DistrictError,
    load_district,
    load_districts,
    scaffold,
    schema_text,
)

FISCAL = str(Path(sys.executable).parent / "fiscal")
MINIMAL = {
    "id": "wuhan-hongshan",
    "name": "武汉市洪山区",
    "adcode": "420111",
    "timezone": "Asia/Shanghai",
    "listings": [{"url": "http://www.hongshan.gov.cn/xxgk/czzj/index.shtml",
                  "kinds": ["final_accounts", "budget", "performance"]}],
}


def test_committed_schema_is_the_models_schema() -> None:
    # regenerate with: .venv/bin/python -m crawler.districts
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == json.loads(schema_text())
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text()


def test_every_district_file_validates_and_the_seed_districts_are_there() -> None:
    districts = {d.id: d for d in load_districts(DISTRICTS_DIR)}
    assert len(districts) == len(list(DISTRICTS_DIR.glob("*.yaml")))
    assert {d.adcode for d in districts.values()} >= {"420111", "420107", "420104", "430203", "430602", "310107"}
    # names repeat across the country (青山区 420107 and 150204): the code is what identifies one
    assert districts["wuhan-qingshan"].adcode == "420107"
    # nobody checked these listing URLs (no internet when they were written): they must say so
    assert all(not d.verified for d in districts.values())


def test_the_minimal_contract_is_enough_and_defaults_are_sensible() -> None:
    d = District.model_validate(MINIMAL)
    assert d.verified and d.enabled
    assert d.politeness.delay_seconds >= 1 and d.politeness.concurrency == 1
    assert d.title_words["final_accounts"] == ["决算"]
    assert d.pagination.scheme == "auto"
    # the listing's site and its subdomains (files are often served from a sibling host)
    assert d.host_allowed("www.hongshan.gov.cn") and d.host_allowed("file.hongshan.gov.cn")
    assert d.host_allowed("hongshan.gov.cn") and not d.host_allowed("evil.cn")
    assert not d.host_allowed("nothongshan.gov.cn")


@pytest.mark.parametrize(
    "change, message",
    [
        ({"listing": "x"}, "Extra inputs are not permitted"),
        ({"adcode": "4201"}, "adcode"),
        ({"timezone": "Mars/Olympus"}, "unknown time zone"),
        ({"listings": []}, "listings"),
        ({"listings": [{"url": "ftp://x.gov.cn/", "kinds": ["budget"]}]}, "not an http(s) URL"),
        ({"listings": [{"url": "http://x.gov.cn/", "kinds": ["notice"]}]}, "kinds"),
        ({"patterns": {"detail_url": ["(unclosed"]}}, "not a regular expression"),
        ({"politeness": {"delay": 1}}, "Extra inputs are not permitted"),
        ({"year_from": 2024, "year_to": 2020}, "year_from is after year_to"),
    ],
)
def test_mistakes_in_a_district_file_are_errors(change: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        District.model_validate({**MINIMAL, **change})


def test_file_name_must_be_the_id(tmp_path: Path) -> None:
    path = tmp_path / "wuhan-other.yaml"
    path.write_text(yaml.safe_dump(MINIMAL, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DistrictError, match="differs from the file name"):
        load_district(path)


def test_scaffold_writes_a_valid_unverified_minimal_file(tmp_path: Path) -> None:
    text = scaffold("yueyang-test", "岳阳市测试区", "430602", "http://www.example.gov.cn/list/index.html",
                    ["final_accounts"])
    path = tmp_path / "yueyang-test.yaml"
    path.write_text(text, encoding="utf-8")
    d = load_district(path)
    assert d.verified is False and d.listings[0].kinds == ["final_accounts"]


def test_fiscal_district_add_scaffolds_then_refuses_to_overwrite(tmp_path: Path) -> None:
    args = [FISCAL, "district", "add", "zhuzhou-test", "--name", "株洲市测试区", "--adcode", "430203",
            "--listing", "http://www.example.gov.cn/czzj/index.html", "--kind", "budget",
            "--districts-dir", str(tmp_path)]
    first = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    d = load_district(tmp_path / "zhuzhou-test.yaml")
    assert d.listings[0].kinds == ["budget"] and not d.verified
    again = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert again.returncode == 2 and "exists" in again.stderr
    bad = subprocess.run([*args[:4], "bad-code", *args[5:7], "--adcode", "12", *args[9:]],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2


def test_crawl_of_an_unknown_district_or_a_broken_file_is_a_usage_error(tmp_path: Path) -> None:
    done = subprocess.run([FISCAL, "crawl", "--district", "nowhere", "--warehouse", str(tmp_path / "wh")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "unknown district" in done.stderr
    (tmp_path / "broken.yaml").write_text("id: broken\nname: x\nadcode: '1'\n", encoding="utf-8")
    done = subprocess.run([FISCAL, "crawl", "--districts-dir", str(tmp_path), "--warehouse", str(tmp_path / "wh")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "broken.yaml" in done.stderr
