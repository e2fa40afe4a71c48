-- one row per (document, table, subject row, part column) of the appropriation tables of
-- published/flagged reports, 决算 and 预算 alike (phase):
--   05 / B05 一般公共预算 by 功能科目 × 基本/项目 (人员/公用)   (fund general_budget)
--   07 / B07 政府性基金 by 功能科目 × 基本/项目, plus 07's carryover_begin / income /
--      carryover_end columns (measure ≠ 'expense')            (fund gov_fund)
--   08 / B08 国有资本经营 by 功能科目 × 基本/项目              (fund state_capital)
--   04 / B04 by 类 × fund (spending_type_key NULL)
-- 04 and 05/07/08 describe the same money at different grains: filter table_code before summing.
-- The columns totalling the parts (合计) are in fct_amounts (spending_type_key NULL).
select
    document_id, unit_key, fiscal_year, phase, table_code, page, row_no, row_label,
    function_code, subject_level, left(function_code, 3) as class_code,
    funding, fund_source_key, spending_type_key, measure, period, column_key,
    amount, printed_unit, amount_yuan, report_status, is_current_version
from {{ ref('fct_amounts') }}
where table_code in ('04', '05', '07', '08', 'B04', 'B05', 'B07', 'B08')
  and function_code is not null
  and fund_source_key is not null
  and measure in ('expense', 'income', 'carryover_begin', 'carryover_end')
  and variant is null
  and period = 'current'
  and scenario = phase
  -- a part: a fund's column of 04, a spending type's of the others, or 07's balance columns
  and (table_code in ('04', 'B04') or spending_type_key is not null or measure <> 'expense')
