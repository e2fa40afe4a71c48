-- one row per unit × fiscal year × 功能科目 × fund × spending type of the unit-years that have
-- both a current published/flagged 部门预算 and 部门决算: what was budgeted (B03, B05, B07, B08)
-- against what was spent (03, 05, 07, 08), in 元, compared function by function, fund by fund,
-- type by type. 'all' is the printed total over funds or types (a 合计 column).
with reports as (
    select document_id, unit_key, fiscal_year, kind
    from {{ ref('int_document_status') }}
    -- a budget's text half (part 'text') prints no table by function
    where is_current_version and status in {{ published_statuses() }} and part = 'tables'
),

pairs as (
    select
        unit_key,
        fiscal_year,
        any_value(document_id) filter (where kind = 'budget')         as budget_document_id,
        any_value(document_id) filter (where kind = 'final_accounts') as final_document_id
    from reports
    group by all
    having budget_document_id is not null and final_document_id is not null
),

-- the report year's spending by function, from the columns that mean it (column_dimensions):
-- not 07's balance columns, 上年结转 splits, prior-year or 增减 columns, or 扣除基建 variants
cells as (
    select
        document_id,
        function_code,
        coalesce(fund_source_key, 'all')   as fund_source_key,
        coalesce(spending_type_key, 'all') as spending_type_key,
        -- a cell two tables print (B03's 一般公共预算 column and B05's 合计): the fund's own table
        arg_max(amount_yuan, table_code)   as amount_yuan,
        max(table_code)                    as table_code
    from {{ ref('fct_amounts') }}
    where table_code in ('03', '05', '07', '08', 'B03', 'B05', 'B07', 'B08')
      and function_code is not null
      and measure = 'expense'
      and scenario = phase
      and period = 'current'
      and funding is null
      and variant is null
    group by all
),

-- the fund × type columns each report prints: a function missing from a printed column is 0,
-- from a column not printed at all unknown (NULL)
printed as (
    select distinct document_id, fund_source_key, spending_type_key from cells
),

keys as (
    select distinct
        p.unit_key, p.fiscal_year, p.budget_document_id, p.final_document_id,
        c.function_code, c.fund_source_key, c.spending_type_key
    from pairs as p
    inner join cells as c on c.document_id in (p.budget_document_id, p.final_document_id)
),

compared as (
    select
        k.*,
        b.table_code as budget_table_code,
        f.table_code as final_table_code,
        case when pb.document_id is not null then coalesce(b.amount_yuan, 0) end as budget_yuan,
        case when pf.document_id is not null then coalesce(f.amount_yuan, 0) end as final_yuan
    from keys as k
    left join cells as b
        on b.document_id = k.budget_document_id and b.function_code = k.function_code
       and b.fund_source_key = k.fund_source_key and b.spending_type_key = k.spending_type_key
    left join cells as f
        on f.document_id = k.final_document_id and f.function_code = k.function_code
       and f.fund_source_key = k.fund_source_key and f.spending_type_key = k.spending_type_key
    left join printed as pb
        on pb.document_id = k.budget_document_id
       and pb.fund_source_key = k.fund_source_key and pb.spending_type_key = k.spending_type_key
    left join printed as pf
        on pf.document_id = k.final_document_id
       and pf.fund_source_key = k.fund_source_key and pf.spending_type_key = k.spending_type_key
)

select
    c.unit_key,
    u.unit_name,
    c.fiscal_year,
    c.function_code,
    fs.name  as function_name,
    fs.level as subject_level,
    fs.class_code,
    fs.class_name,
    c.fund_source_key,
    c.spending_type_key,
    cast(c.budget_yuan as decimal(24, 2))                  as budget_yuan,
    cast(c.final_yuan as decimal(24, 2))                   as final_yuan,
    cast(c.final_yuan - c.budget_yuan as decimal(24, 2))   as over_budget_yuan,
    -- 决算 / 预算; NULL where nothing was budgeted
    cast(c.final_yuan / nullif(c.budget_yuan, 0) as decimal(12, 4)) as execution_rate,
    c.budget_table_code,
    c.final_table_code,
    c.budget_document_id,
    c.final_document_id
from compared as c
left join {{ ref('dim_unit') }} as u on u.unit_key = c.unit_key
left join {{ ref('dim_function_subject') }} as fs on fs.function_code = c.function_code
