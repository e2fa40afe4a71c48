"""The rules registry (expectations/rules.yaml): valid, the only hand-written list of rule ids,
every rule with a passing and a failing fixture run through the real engine on DuckDB."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import get_args

import duckdb
import pytest
import yaml
from pydantic import ValidationError

from expectations import catalogue
from expectations.fixture import fixture_path, load_fixture, run_case
from expectations.registry import REGISTRY_PATH, RuleSpec, load_registry, parse_registry
from expectations.rules import FINAL_RULE_IDS, RULE_IDS, build_rules

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = load_registry()


def test_rule_ids_come_from_the_registry_in_its_order() -> None:
    assert tuple(r.id for r in sorted(REGISTRY.rules, key=lambda r: r.order)) == RULE_IDS
    assert [r.rule_id for r in build_rules()] == list(RULE_IDS)
    assert set(FINAL_RULE_IDS) == {r.id for r in REGISTRY.rules if "final_accounts" in r.kinds}
    # one sort key per rule: B1, BX1 and BN1 no longer tie
    assert len({r.order for r in REGISTRY.rules}) == len(RULE_IDS)


def test_unknown_keys_are_errors() -> None:
    raw = yaml.safe_load(REGISTRY_PATH.read_text(encoding="utf-8"))
    raw["rules"][0]["checks"][0]["adends"] = ["inc_other"]
    with pytest.raises(ValidationError, match="adends"):
        parse_registry(yaml.safe_dump(raw, allow_unicode=True))
    raw = yaml.safe_load(REGISTRY_PATH.read_text(encoding="utf-8"))
    raw["rules"][1]["id"] = raw["rules"][0]["id"]
    with pytest.raises(ValidationError, match="duplicate rule ids"):
        parse_registry(yaml.safe_dump(raw, allow_unicode=True))


def test_the_three_public_identity_is_written_once() -> None:
    text = REGISTRY_PATH.read_text(encoding="utf-8")
    assert text.count("[outbound, vehicle_total, reception]") == 1
    uses = [c for r in REGISTRY.rules for c in r.checks if getattr(c, "total", None) in ("budget_total", "tp_total")]
    assert len(uses) == 2  # R11 (预算数) and BN4, expanded from the identity


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_every_rule_has_a_passing_and_a_failing_fixture(rule_id: str) -> None:
    assert fixture_path(rule_id).exists(), f"add {fixture_path(rule_id).relative_to(ROOT)} (a pass and a fail case)"
    fixture = load_fixture(rule_id)
    assert set(fixture.cases) == {"pass", "fail"}
    assert fixture.cases["pass"].expect.failed == 0
    assert fixture.cases["fail"].expect.failed > 0
    for name, case in fixture.cases.items():
        assert run_case(rule_id, case) == case.expect, f"{rule_id} {name}"


def test_no_fixture_without_a_rule() -> None:
    names = {p.stem for p in fixture_path("x").parent.glob("*.yaml")}
    assert names <= set(RULE_IDS), names - set(RULE_IDS)


def test_generated_catalogue_is_current() -> None:
    """docs/checks.md's rule table is generated from the registry (dbt's seed is, at run time)."""
    assert catalogue.main(["--check"]) == 0, "run .venv/bin/python -m expectations.catalogue"


_RULE_ID = re.compile(r"(?<![A-Za-z0-9_])(?:R1[01]|R[1-9]|X[1-5]|B[1-6]|BX[1-3]|BN[1-5]|BNX)(?![A-Za-z0-9_])")
# The registry, what is generated from it (the seed, the docs table between its markers), and the
# per-rule fixtures named by rule id.
_GENERATED = {"expectations/rules.yaml", "dbt_project/seeds/rules.csv"}


def test_no_rule_id_list_is_written_by_hand_elsewhere() -> None:
    """A line naming five or more rule ids is a list of rules: it belongs in the registry."""
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    offenders = []
    for name in files:
        path = ROOT / name
        # (tests may name the rules a case is about: that is an assertion, not a list of the rules)
        if name in _GENERATED or name.startswith(("expectations/fixtures/", "tests/")) or not path.is_file():
            continue
        if path.suffix not in {".py", ".sql", ".yml", ".yaml", ".md", ".csv", ".txt"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if name == "docs/checks.md":
            text = text[: text.index(catalogue.DOCS_BEGIN)] + text[text.index(catalogue.DOCS_END) :]
        for n, line in enumerate(text.splitlines(), start=1):
            if len(set(_RULE_ID.findall(line))) >= 5:
                offenders.append(f"{name}:{n}: {line.strip()[:100]}")
    assert not offenders, "rule ids listed by hand (read them from the registry):\n" + "\n".join(offenders)


def test_report_status_is_defined_once() -> None:
    """dbt's macro report_status decides published · flagged · quarantined from the checks; the
    gate renders that macro rather than deciding again."""
    status_rule = re.compile(r"then\s+'(?:quarantined|flagged)'|\[[^]]+\]\s*=\s*\"(?:quarantined|flagged)\"")
    found = []
    for path in [*ROOT.glob("expectations/*.py"), *ROOT.glob("orchestration/*.py"), *ROOT.glob("dbt_project/**/*.sql")]:
        if "target" in path.parts or "dbt_packages" in path.parts:
            continue
        if status_rule.search(path.read_text(encoding="utf-8")):
            found.append(str(path.relative_to(ROOT)))
    assert found == ["dbt_project/macros/report_status.sql"]

    from expectations.gate import report_status_sql

    con = duckdb.connect()
    # (parse status, blocking parse errors, blocking inconsistencies, failed warnings)
    cases = [
        ("rejected", 0, 0, 0),
        ("quarantined", 0, 0, 0),
        ("parsed", 1, 1, 0),
        ("parsed", 0, 2, 0),
        ("parsed", 0, 0, 0),
        ("parsed", 0, 0, 3),  # a warning flags
        ("parsed", 1, 0, 3),  # and never lifts a quarantine
    ]
    got = [
        con.execute(f"SELECT {report_status_sql('$1', '$2', '$3', '$4')}", list(c)).fetchone()[0]  # type: ignore[index]
        for c in cases
    ]
    assert got == ["rejected", "quarantined", "quarantined", "flagged", "published", "flagged", "quarantined"]


def test_dbt_accepts_exactly_the_registry_severities() -> None:
    """The seed's accepted severities (dbt_project/seeds/_seeds.yml) are the registry's: a rule of a
    new severity must not fail dbt's build, nor an old one linger there."""
    seeds = yaml.safe_load((ROOT / "dbt_project" / "seeds" / "_seeds.yml").read_text(encoding="utf-8"))
    rules = next(s for s in seeds["seeds"] if s["name"] == "rules")
    severity = next(c for c in rules["columns"] if c["name"] == "severity")
    accepted = next(t["accepted_values"] for t in severity["data_tests"] if isinstance(t, dict))
    assert set(accepted["arguments"]["values"]) == set(get_args(RuleSpec.model_fields["severity"].annotation))
