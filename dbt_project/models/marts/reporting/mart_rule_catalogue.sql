-- one row per balance rule of the gate (the registry expectations/rules.yaml, through the
-- generated seed `rules`): what it checks, and how its instances fared over every report.
with checks as (
    select rule_id, verdict
    from {{ ref('stg_check_results') }}
)

select
    r.rule_id,
    r.sort_order,
    r.kinds,
    r.severity,
    r.tables,
    r.grain,
    r.description,
    cast(count(c.rule_id) as integer)                                              as checks_evaluated,
    cast(count(*) filter (where c.verdict = 'held') as integer)                    as checks_held,
    cast(count(*) filter (where c.verdict = 'publisher_inconsistency') as integer) as publisher_inconsistencies,
    cast(count(*) filter (where c.verdict = 'parse_error') as integer)             as parse_errors
from {{ ref('rules') }} as r
left join checks as c on c.rule_id = r.rule_id
group by all
order by r.sort_order
