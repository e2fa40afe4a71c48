-- one row per 绩效 table read (a project's 自评表 or a unit's 整体 table) of the current version
-- of every published or flagged document: the unit, year and project; the money block's total
-- line (budget, executed, execution rate); the indicators' weights and scores; and how many
-- indicators met their target, judged where the target prints an operator and both values are
-- numbers (≥ 95 met by 97, ≤ 3 天 by 2); the others are not judged. A list of projects' money (长沙
-- 项目支出情况表) gives a row per printed row: its 合计, groups and items (row_kind, parent_project)
-- print the same money at each level.
with tables as (
    select t.*, s.unit_name, s.unit_key, s.fiscal_year, s.file_name, s.status as report_status
    from {{ ref('stg_performance_tables') }} as t
    inner join {{ ref('int_document_status') }} as s using (document_id)
    where s.status in {{ published_statuses() }} and s.is_current_version and t.table_status = 'read'
),

indicators as (
    select
        document_id,
        table_no,
        count(*)                                                   as indicators,
        sum(weight)                                                as indicator_weight,
        sum(score)                                                 as indicator_score,
        count(*) filter (where met is not null)                    as indicators_judged,
        count(*) filter (where met)                                as indicators_met
    from (
        select
            document_id,
            table_no,
            weight,
            score,
            case
                when actual_value is null or target_value is null then null
                when target_operator = '≥' then actual_value >= target_value
                when target_operator = '>' then actual_value > target_value
                when target_operator = '≤' then actual_value <= target_value
                when target_operator = '<' then actual_value < target_value
                when target_operator = '=' then actual_value = target_value
            end as met
        from {{ ref('stg_performance_indicators') }}
    ) as judged
    group by document_id, table_no
),

money as (
    select document_id, table_no, budget_full_year_yuan, executed_yuan, execution_rate, weight, score
    from {{ ref('stg_performance_funds') }}
    where line = 'total'
)

select
    t.document_id,
    t.table_no,
    t.unit_name,
    t.unit_key,
    t.fiscal_year,
    t.doc_kind,
    t.scope,
    t.project,
    t.row_kind,
    case when t.row_kind = 'item' and p.row_kind = 'group' then p.project end as parent_project,
    m.budget_full_year_yuan,
    m.executed_yuan,
    m.execution_rate,
    m.weight                             as money_weight,
    m.score                              as money_score,
    coalesce(i.indicators, 0)            as indicators,
    i.indicator_weight,
    i.indicator_score,
    coalesce(i.indicators_judged, 0)     as indicators_judged,
    coalesce(i.indicators_met, 0)        as indicators_met,
    t.total_weight                       as printed_total_weight,
    t.total_score                        as printed_total_score,
    t.family,
    t.first_page,
    t.last_page,
    t.file_name,
    t.report_status
from tables as t
left join indicators as i using (document_id, table_no)
left join money as m using (document_id, table_no)
left join {{ ref('stg_performance_tables') }} as p
    on p.document_id = t.document_id and p.table_no = t.parent_table_no
