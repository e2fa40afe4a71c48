-- one row per (document, table-06 economic subject row) of published/flagged reports:
-- 一般公共预算财政拨款基本支出 by 经济分类科目 (类, 款 and local 7-digit 子目 rows all kept: filter subject_level).
-- The printed 人员经费合计 / 公用经费合计 lines are in fct_summary_lines.
select
    a.document_id,
    a.unit_key,
    a.fiscal_year,
    a.table_code,
    a.page,
    a.row_no,
    a.row_label,
    a.printed_code,
    a.subject_code      as economic_code,
    a.subject_level,
    a.parent_code,
    left(a.subject_code, 3) as class_code,
    e.subject_group,
    a.amount,
    a.printed_unit,
    a.amount_yuan,
    a.report_status,
    a.is_current_version
from {{ ref('int_published_amounts') }} as a
left join {{ ref('dim_economic_subject') }} as e on e.economic_code = a.subject_code
where a.table_code = '06' and a.subject_code is not null
