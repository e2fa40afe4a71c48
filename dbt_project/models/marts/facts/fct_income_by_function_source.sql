-- one row per (document, table-02 subject row, fund source column) of published/flagged reports:
-- income by 功能科目 (类/款/项 rows all kept: filter subject_level before summing) × 收入来源.
-- The printed 本年收入合计 column and 合计 row are in fct_summary_lines / reported_amounts.
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
    f.fund_source_key,
    a.column_key,
    a.amount,
    a.printed_unit,
    a.amount_yuan,
    a.report_status,
    a.is_current_version
from {{ ref('int_published_amounts') }} as a
inner join {{ ref('dim_fund_source') }} as f on f.column_key_02 = a.column_key
where a.table_code = '02' and a.subject_code is not null
