-- one row per document in raw.documents: its publication status after the parse and the gate
-- (phase 2: depends on gate.check_results)
with documents as (
    select * from {{ ref('stg_documents') }}
),

-- When the warehouse first saw each document: the crawler's first fetch where it was crawled,
-- else (or if it was given by hand before it was crawled) the run that first stored it.
first_seen as (
    select
        d.document_id,
        least(min(s.first_seen), any_value(d.first_seen_at)) as first_seen_at
    from documents as d
    left join {{ ref('stg_document_sources') }} as s using (document_id)
    group by d.document_id
),

checks as (
    select
        c.*,
        c.verdict <> 'held' as failed,
        -- the rules registry's order and severity (seed generated from expectations/rules.yaml)
        r.sort_order as rule_sort,
        r.severity = 'blocking' as blocking,
        r.severity = 'warning' as warning,
        -- R6 02 p5 "卫生健康支出" total: 716.87 vs 716.88 (tol 0.01)
        concat_ws(' ',
            c.rule_id,
            c.table_code,
            'p' || c.page,
            '"' || coalesce(c.row_label, c.subject_code) || '"',
            case when c.row_label is null and c.subject_code is null then c.description end,
            c.column_key
        )
        || ': ' || coalesce(cast(c.expected as varchar), '?') || ' vs ' || coalesce(cast(c.actual as varchar), '?')
        || ' (tol ' || {{ decimal_text('c.tolerance') }} || ')'
        || case when c.verdict = 'parse_error' then ' [parse error]' else '' end
        as check_text
    from {{ ref('stg_check_results') }} as c
    left join {{ ref('rules') }} as r on r.rule_id = c.rule_id
),

rule_counts as (
    select document_id, verdict, rule_id, min(rule_sort) as rule_sort, bool_and(blocking) as blocking,
           bool_and(warning) as warning, count(*) as n
    from checks
    where failed
    group by all
),

rule_summaries as (
    select
        document_id,
        string_agg(rule_id || ' (' || n || ')', ', ' order by rule_sort)
            filter (where verdict = 'parse_error') as parse_error_rules,
        string_agg(rule_id || ' (' || n || ')', ', ' order by rule_sort)
            filter (where verdict = 'publisher_inconsistency' and blocking) as inconsistency_rules,
        string_agg(rule_id || ' (' || n || ')', ', ' order by rule_sort)
            filter (where warning) as warning_rules
    from rule_counts
    group by document_id
),

failed_rule_ids as (
    select document_id, string_agg(rule_id, ',' order by rule_sort) as failed_rule_ids
    from (select document_id, rule_id, min(rule_sort) as rule_sort from rule_counts group by all)
    group by document_id
),

per_document as (
    select
        document_id,
        count(*)                                                     as checks_evaluated,
        count(*) filter (where not failed)                           as checks_held,
        count(*) filter (where failed)                               as checks_failed,
        count(*) filter (where verdict = 'parse_error')              as parse_errors,
        count(*) filter (where verdict = 'publisher_inconsistency')  as publisher_inconsistencies,
        count(*) filter (where verdict = 'parse_error' and blocking) as blocking_parse_errors,
        count(*) filter (where verdict = 'publisher_inconsistency' and blocking)
                                                                     as blocking_inconsistencies,
        count(*) filter (where failed and warning)                  as warnings,
        string_agg(check_text, '; ' order by rule_sort, table_code nulls first, page nulls first,
                   row_label nulls first, column_key nulls first, check_text) filter (where failed)
                                                                     as failed_checks,
        min(page) filter (where failed)                              as first_failed_page
    from checks
    group by document_id
),

status as (
    select
        d.document_id,
        d.file_name,
        d.unit_name,
        {{ unit_key('d.unit_name') }} as unit_key,
        d.fiscal_year,
        d.kind,
        d.part,
        d.parse_status,
        fs.first_seen_at,
        {{ report_status('d.parse_status', 'p.blocking_parse_errors', 'p.blocking_inconsistencies', 'p.warnings') }}
            as status,
        d.parse_reason,
        d.reason_page,
        p.failed_checks,
        cast(coalesce(p.checks_evaluated, 0) as integer)          as checks_evaluated,
        cast(coalesce(p.checks_held, 0) as integer)               as checks_held,
        cast(coalesce(p.checks_failed, 0) as integer)             as checks_failed,
        cast(coalesce(p.parse_errors, 0) as integer)              as parse_errors,
        cast(coalesce(p.publisher_inconsistencies, 0) as integer) as publisher_inconsistencies,
        f.failed_rule_ids,
        p.first_failed_page,
        r.parse_error_rules,
        r.inconsistency_rules,
        r.warning_rules
    from documents as d
    left join first_seen as fs using (document_id)
    left join per_document as p using (document_id)
    left join rule_summaries as r using (document_id)
    left join failed_rule_ids as f using (document_id)
),

with_reason as (
    select
        *,
        case status
            when 'rejected' then parse_reason
            when 'quarantined' then
                case when parse_status = 'quarantined'
                     then parse_reason || coalesce(' (page ' || reason_page || ')', '')
                     else 'balance checks point to a parse error: ' || parse_error_rules end
            when 'flagged' then concat_ws('; ',
                'publisher inconsistency: ' || inconsistency_rules,
                'warnings: ' || warning_rules)
        end as reason,
        coalesce(reason_page, first_failed_page) as look_at_page
    from status
),

versions as (
    select
        *,
        status in {{ published_statuses() }} as is_version,
        -- The versions of one report (unit, year, kind and part: a text half and its tables file
        -- are two parts, neither hides the other), newest first: a corrected re-publication
        -- supersedes what was first seen before it. Unknown first-seen times (rows stored before
        -- the column existed) count as oldest; versions first seen in the same run fall back to
        -- a clean (published) version before a flagged one, then document_id (deterministic).
        row_number() over newest_first as newest_rank,
        lag(document_id) over newest_first as newer_document_id,
        lag(first_seen_at) over newest_first as newer_first_seen_at,
        count(*) over (partition by unit_key, fiscal_year, kind, part, status in {{ published_statuses() }})
            as version_count
    from with_reason
    window newest_first as (
        partition by unit_key, fiscal_year, kind, part, status in {{ published_statuses() }}
        order by first_seen_at desc nulls last, (status = 'published') desc, document_id
    )
)

select
    document_id,
    file_name,
    unit_name,
    unit_key,
    fiscal_year,
    kind,
    part,
    parse_status,
    status,
    reason,
    failed_checks,
    checks_evaluated,
    checks_held,
    checks_failed,
    parse_errors,
    publisher_inconsistencies,
    failed_rule_ids,
    look_at_page,
    first_seen_at,
    -- Only published/flagged documents are versions of a report (the others have no amounts).
    is_version and newest_rank = 1 as is_current_version,
    case when is_version then version_count - newest_rank + 1 end as version_number,
    case when is_version then newer_document_id end as superseded_by,
    case when is_version then newer_first_seen_at end as superseded_at
from versions
