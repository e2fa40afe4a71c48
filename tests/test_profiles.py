"""The table profiles as data: `extends:`, one meaning per row key, panel kinds."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import get_args

import pytest
from pydantic import ValidationError

import ingest.profile as profile_module
from ingest.kinds import document_kinds, report_kinds
from ingest.profile import (
    PROFILES,
    OneRowPanel,
    ReportProfile,
    TableProfile,
    load_profile,
    profile_data,
    row_conflicts,
    vocabulary_rows,
)
from ingest.records import DocumentKind


def _profile(kind: str, label: str, name: str) -> ReportProfile:
    row = {"key": "inc_unit_funds", "label": label, "line_kind": "subtotal", "name": name}
    panel = {"name": "income", "side": "income", "columns": {"amount": ["金额"]}, "rows": [row]}
    table = {"name": "收支总表", "title": ["收支总表$"], "panels": [panel]}
    data = {"kind": kind, "kind_markers": [], "label": "表(\\d+)", "tables": {"B01": table}}
    return ReportProfile.model_validate(data)


def test_every_profile_loads_and_defines_each_row_key_once() -> None:
    profiles = [(name, load_profile(name)) for name in PROFILES]
    assert row_conflicts(profiles) == []


def test_a_row_key_defined_twice_differently_is_an_error() -> None:
    a = _profile("budget", "单位资金收入", "单位资金收入")
    b = _profile("budget", "单位资金", "单位资金")
    conflicts = row_conflicts([("a", a), ("b", b)])
    assert len(conflicts) == 1 and "inc_unit_funds" in conflicts[0] and "b.yaml" in conflicts[0]
    # the same meaning under another label is no conflict (templates print a line differently)
    c = _profile("budget", "单位资金", "单位资金收入")
    assert row_conflicts([("a", a), ("c", c)]) == []


def test_a_conflict_stops_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    original = profile_module.read_data_file

    def with_conflict(folder: str, name: str) -> object:
        data = original(folder, name)
        if folder == "profiles" and name == "budget_shenzhen":
            assert isinstance(data, dict)
            rows = data["tables"]["B01"]["panels"][0]["rows"]
            unit_funds = next(r for r in rows if r["key"] == "inc_unit_funds")
            rows[rows.index(unit_funds)] = {**unit_funds, "name": "单位资金"}
        return data

    for cached in (profile_module.load_profile, profile_module._validated, profile_module._check_rows):
        cached.cache_clear()
    monkeypatch.setattr(profile_module, "read_data_file", with_conflict)
    try:
        with pytest.raises(ValueError, match="inc_unit_funds"):
            load_profile("budget")
        assert load_profile("final_accounts").kind == "final_accounts"  # another kind is not affected
    finally:
        monkeypatch.undo()
        for cached in (profile_module.load_profile, profile_module._validated, profile_module._check_rows):
            cached.cache_clear()


def test_a_profile_extends_another_and_replaces_whole_tables() -> None:
    base, child = load_profile("budget_xian"), load_profile("budget_xian_2022")
    assert list(child.tables) == list(base.tables)
    assert (child.kind, child.kind_markers, child.label) == (base.kind, base.kind_markers, base.label)
    for code in base.tables:
        if code != "B09":
            assert child.tables[code] == base.tables[code]
    assert child.tables["B09"].panels[0].by_order and not base.tables["B09"].panels[0].by_order
    assert "extends" not in profile_data("budget_xian_2022")


def test_an_extends_cycle_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    original = profile_module.read_data_file

    def cyclic(folder: str, name: str) -> object:
        data = original(folder, name)
        if folder == "profiles" and name == "budget_xian" and isinstance(data, dict):
            data = {**data, "extends": "budget_xian_2022"}
        return data

    monkeypatch.setattr(profile_module, "read_data_file", cyclic)
    with pytest.raises(ValueError, match="cycle"):
        profile_data("budget_xian_2022")


def test_a_panel_carries_only_the_options_of_its_kind() -> None:
    one_row = {"name": "main", "kind": "one_row", "columns": {"total": ["合计"]},
               "row": {"key": "three_public", "line_kind": "three_public", "name": "“三公”经费"}}
    table = TableProfile.model_validate({"name": "t", "title": ["t$"], "panels": [one_row]})
    assert isinstance(table.panels[0], OneRowPanel)
    with pytest.raises(ValidationError, match="unit_total"):
        TableProfile.model_validate({"name": "t", "title": ["t$"], "panels": [
            {**one_row, "unit_total": {"key": "total", "line_kind": "total", "name": "合计"}}]})
    with pytest.raises(ValidationError, match="unlabelled_row"):
        TableProfile.model_validate({"name": "t", "title": ["t$"], "panels": [
            {"name": "main", "kind": "classes", "columns": {}, "unlabelled_row": "total"}]})


def test_document_kinds_are_one_list() -> None:
    """The record type's kinds are ingest/kinds.yaml's, and every profile reads a kind with a phase."""
    assert set(get_args(DocumentKind)) == set(document_kinds())
    assert {load_profile(name).kind for name in PROFILES} == set(report_kinds())


def test_a_profile_of_a_kind_without_a_phase_is_an_error() -> None:
    with pytest.raises(ValidationError, match="not a kind with a phase"):
        ReportProfile.model_validate({"kind": "performance", "kind_markers": ["绩效"], "label": "表", "tables": {}})


def test_every_profile_column_has_its_meaning_stated_once() -> None:
    # dbt_project/seeds/column_dimensions.csv says what each column key of each table is
    # (measure, fund, spending type, scenario, period …): the facts filter on it, never on a key's
    # spelling. A column added to a profile without its meaning, or a meaning left for a column
    # no profile has, would silently drop or mislabel facts.
    seed = Path(__file__).parents[1] / "dbt_project" / "seeds" / "column_dimensions.csv"
    with seed.open(encoding="utf-8") as fh:
        stated = [(r["table_code"], r["column_key"]) for r in csv.DictReader(fh)]
    columns = {(table, key) for _, table, key_type, key, *_ in vocabulary_rows() if key_type == "column"}
    assert len(stated) == len(set(stated)), "a column's meaning is stated twice"
    assert sorted(columns - set(stated)) == [], "profile columns without a row in column_dimensions.csv"
    assert sorted(set(stated) - columns) == [], "column_dimensions.csv rows for columns no profile has"
