-- one row per (document, table-03 subject row, spending type column) of published/flagged
-- reports: spending by 功能科目 (类/款/项 rows all kept) × 支出类型 (基本/项目/上缴上级/经营/
-- 对附属单位补助). The printed 本年支出合计 column is in mart_spending_by_function / reported_amounts.
select
    a.document_id,
    a.unit_key,
    a.fiscal_year,
    a.table_code,
    a.page,
    a.row_no,
    a.row_label,
    a.subject_code      as function_code,
    a.subject_level,
    left(a.subject_code, 3) as class_code,
    t.spending_type_key,
    a.column_key,
    a.amount,
    a.printed_unit,
    a.amount_yuan,
    a.report_status,
    a.is_current_version
from {{ ref('int_published_amounts') }} as a
inner join {{ ref('dim_spending_type') }} as t on t.column_key_03 = a.column_key
where a.table_code = '03' and a.subject_code is not null
