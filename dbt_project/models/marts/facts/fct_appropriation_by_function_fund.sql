-- one row per (document, table, subject row, part column) of the appropriation tables of
-- published/flagged reports:
--   05 一般公共预算 by 功能科目 × 基本/项目   (fund general_budget)
--   07 政府性基金 by 功能科目 × 基本/项目, plus its carryover_begin / income / carryover_end
--      columns (measure ≠ 'expense')            (fund gov_fund)
--   08 国有资本经营 by 功能科目 × 基本/项目   (fund state_capital)
--   04 by 类 × fund (general_budget / gov_fund / state_capital; spending_type_key NULL)
-- 04 and 05/07/08 describe the same money at different grains: filter table_code before summing.
with amounts as (
    select *
    from {{ ref('int_published_amounts') }}
    where table_code in ('04', '05', '07', '08')
      and subject_code is not null
      and column_key not in ('total', 'expense_total')
),

by_class as (
    select a.*, f.fund_source_key, cast(null as varchar) as spending_type_key, 'expense' as measure
    from amounts as a
    inner join {{ ref('dim_fund_source') }} as f on f.column_key_04 = a.column_key
    where a.table_code = '04'
),

by_function as (
    select
        a.*,
        f.fund_source_key,
        t.spending_type_key,
        case when a.column_key in ('carryover_begin', 'income', 'carryover_end') then a.column_key
             else 'expense' end as measure
    from amounts as a
    inner join {{ ref('dim_fund_source') }} as f on f.appropriation_table_code = a.table_code
    left join {{ ref('dim_spending_type') }} as t
        on (a.table_code = '07' and t.column_key_07 = a.column_key)
        or (a.table_code in ('05', '08') and t.column_key_05_08 = a.column_key)
    where a.table_code in ('05', '07', '08')
),

unioned as (
    select * from by_class
    union all by name
    select * from by_function
)

select
    document_id,
    unit_key,
    fiscal_year,
    table_code,
    page,
    row_no,
    row_label,
    subject_code        as function_code,
    subject_level,
    left(subject_code, 3) as class_code,
    fund_source_key,
    spending_type_key,
    measure,
    column_key,
    amount,
    printed_unit,
    amount_yuan,
    report_status,
    is_current_version
from unioned
