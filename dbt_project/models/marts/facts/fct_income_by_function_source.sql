-- one row per (document, subject row, fund-source column) of the income tables of
-- published/flagged reports: 02 收入决算表 (phase final) and B02 收入预算表 (phase budget), income
-- by 功能科目 (类/款/项 rows all kept: filter subject_level before summing) × 收入来源, with
-- `funding` (本年 / 上年结转) where the budget table splits it. The printed 合计 columns are in
-- fct_amounts / reported_amounts (fund_source_key NULL); the 合计 row in fct_summary_lines.
select
    document_id, unit_key, fiscal_year, phase, table_code, page, row_no, row_label,
    function_code, subject_level, left(function_code, 3) as class_code,
    funding, fund_source_key, column_key,
    amount, printed_unit, amount_yuan, report_status, is_current_version
from {{ ref('fct_amounts') }}
where table_code in ('02', 'B02')
  and function_code is not null
  and measure = 'income'
  and fund_source_key is not null
