-- one row per indicator row of a 绩效 table read (raw.performance_indicators), with its table's
-- kind, scope and project (rename and cast only)
select
    i.document_id,
    cast(i.table_no as integer)              as table_no,
    cast(i.row_no as integer)                as row_no,
    t.family,
    t.doc_kind,
    t.scope,
    t.project,
    cast(i.page as integer)                  as page,
    i.level1,
    i.level2,
    i.level3,
    i.target,
    i.target_operator,
    cast(i.target_value as decimal(24, 6))   as target_value,
    i.target_unit,
    i.period_target,
    cast(i.target_year as integer)           as target_year,
    cast(i.prior_year_1 as integer)          as prior_year_1,
    i.prior_value_1,
    cast(i.prior_year_2 as integer)          as prior_year_2,
    i.prior_value_2,
    i.target_basis,
    i.actual,
    cast(i.actual_value as decimal(24, 6))   as actual_value,
    i.weight_text,
    cast(i.weight as decimal(20, 6))         as weight,
    i.score_text,
    cast(i.score as decimal(20, 6))          as score,
    i.deviation
from {{ source('raw', 'performance_indicators') }} as i
inner join {{ source('raw', 'performance_tables') }} as t using (document_id, table_no)
