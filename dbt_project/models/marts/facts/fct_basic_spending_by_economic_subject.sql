-- one row per (document, economic subject row, column) of the basic-spending tables of
-- published/flagged reports: 06 一般公共预算财政拨款基本支出决算表 (one amount column) and B06
-- 一般公共预算基本支出预算表 (合计 | 人员经费 | 公用经费, some with 本年 / 上年结转: `funding`),
-- by 经济分类科目 (类, 款 and local 7-digit 子目 rows all kept: filter subject_level).
-- spending_type_key: basic for a total column, personnel / public for the split ones.
-- The printed 人员经费合计 / 公用经费合计 lines are in fct_summary_lines.
select
    a.document_id,
    a.unit_key,
    a.fiscal_year,
    a.phase,
    a.table_code,
    a.page,
    a.row_no,
    a.row_label,
    a.printed_code,
    a.economic_code,
    a.subject_level,
    a.parent_code,
    left(a.economic_code, 3) as class_code,
    e.subject_group,
    a.funding,
    a.spending_type_key,
    a.column_key,
    a.amount,
    a.printed_unit,
    a.amount_yuan,
    a.report_status,
    a.is_current_version
from {{ ref('fct_amounts') }} as a
left join {{ ref('dim_economic_subject') }} as e on e.economic_code = a.economic_code
where a.table_code in ('06', 'B06') and a.economic_code is not null
