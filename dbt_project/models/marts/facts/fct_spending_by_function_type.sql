-- one row per (document, subject row, spending-type column) of the spending tables of
-- published/flagged reports: 03 支出决算表 (phase final) and B03 支出预算表 (phase budget),
-- spending by 功能科目 (类/款/项 rows all kept) × 支出类型 (基本 (人员/公用), 项目, 上缴上级, 经营,
-- 对附属单位补助, 单位预留), with `funding` where the budget table splits 本年 / 上年结转. The
-- printed 合计 column is in mart_spending_by_function / fct_amounts (spending_type_key NULL).
select
    document_id, unit_key, fiscal_year, phase, table_code, page, row_no, row_label,
    function_code, subject_level, left(function_code, 3) as class_code,
    funding, spending_type_key, column_key,
    amount, printed_unit, amount_yuan, report_status, is_current_version
from {{ ref('fct_amounts') }}
where table_code in ('03', 'B03')
  and function_code is not null
  and measure = 'expense'
  and spending_type_key is not null
