-- one row per unit × fiscal year with a published or flagged 部门决算 (the current version):
-- headline totals in 元, the previous year's values and the year-on-year change
-- (NULL when the unit has no report for the previous year).
with reports as (
    select document_id, unit_key, fiscal_year, file_name, status as report_status
    from {{ ref('int_document_status') }}
    where is_current_version and kind = 'final_accounts'
),

tables as (
    select
        document_id,
        max(table_status) filter (where table_code = '01') as t01,
        max(table_status) filter (where table_code = '03') as t03,
        max(table_status) filter (where table_code = '06') as t06
    from {{ ref('stg_report_tables') }}
    group by document_id
),

lines as (
    select
        document_id,
        sum(amount_yuan) filter (where table_code = '01' and row_key = 'inc_total_current')    as total_income,
        sum(amount_yuan) filter (where table_code = '01'
            and row_key in ('inc_general_budget', 'inc_gov_fund', 'inc_state_capital'))         as fiscal_appropriation_income,
        sum(amount_yuan) filter (where table_code = '01' and row_key = 'inc_carryover_begin')  as carryover_begin,
        sum(amount_yuan) filter (where table_code = '01' and row_key = 'inc_grand_total')      as income_grand_total,
        sum(amount_yuan) filter (where table_code = '01' and row_key = 'exp_total_current')    as total_spending,
        sum(amount_yuan) filter (where table_code = '01' and row_key = 'exp_carryover_end')    as carryover_end,
        sum(amount_yuan) filter (where table_code = '01' and row_key = 'exp_grand_total')      as spending_grand_total,
        sum(amount_yuan) filter (where table_code = '03' and row_key = 'total' and column_key = 'basic')   as basic_spending,
        sum(amount_yuan) filter (where table_code = '03' and row_key = 'total' and column_key = 'project') as project_spending,
        sum(amount_yuan) filter (where table_code = '06' and row_key = 'personnel_total')      as personnel_spending,
        sum(amount_yuan) filter (where table_code = '06' and row_key = 'public_total')         as public_spending
    from {{ ref('fct_summary_lines') }}
    group by document_id
),

three_public as (
    select document_id, budget_yuan as three_public_budget, actual_yuan as three_public_actual
    from {{ ref('fct_three_public') }}
    where category_key = 'total'
),

-- a blank line of a table that was read is a zero; a table that is missing gives NULL
current_year as (
    select
        r.unit_key,
        r.fiscal_year,
        r.document_id,
        r.file_name,
        r.report_status,
        {% for m in ['total_income', 'fiscal_appropriation_income', 'carryover_begin', 'income_grand_total',
                     'total_spending', 'carryover_end', 'spending_grand_total'] -%}
        cast(case when t.t01 in ('found', 'empty') then coalesce(l.{{ m }}, 0) end as decimal(24, 2)) as {{ m }}_yuan,
        {% endfor -%}
        {% for m in ['basic_spending', 'project_spending'] -%}
        cast(case when t.t03 in ('found', 'empty') then coalesce(l.{{ m }}, 0) end as decimal(24, 2)) as {{ m }}_yuan,
        {% endfor -%}
        {% for m in ['personnel_spending', 'public_spending'] -%}
        cast(case when t.t06 in ('found', 'empty') then coalesce(l.{{ m }}, 0) end as decimal(24, 2)) as {{ m }}_yuan,
        {% endfor -%}
        tp.three_public_budget as three_public_budget_yuan,
        tp.three_public_actual as three_public_actual_yuan
    from reports as r
    left join tables as t using (document_id)
    left join lines as l using (document_id)
    left join three_public as tp using (document_id)
)

{%- set yoy = ['total_income', 'total_spending', 'carryover_end', 'basic_spending', 'project_spending',
               'three_public_actual'] %}

select
    c.unit_key,
    u.unit_name,
    u.normalized_name,
    u.is_main_unit,
    u.department,
    u.district,
    u.city,
    u.province,
    c.fiscal_year,
    c.document_id,
    c.file_name,
    c.report_status,
    c.total_income_yuan,
    c.fiscal_appropriation_income_yuan,
    c.carryover_begin_yuan,
    c.income_grand_total_yuan,
    c.total_spending_yuan,
    c.carryover_end_yuan,
    c.spending_grand_total_yuan,
    c.basic_spending_yuan,
    c.project_spending_yuan,
    c.personnel_spending_yuan,
    c.public_spending_yuan,
    c.three_public_budget_yuan,
    c.three_public_actual_yuan,
    p.document_id is not null as has_previous_year,
    {%- for m in yoy %}
    p.{{ m }}_yuan                                                   as prev_{{ m }}_yuan,
    cast(c.{{ m }}_yuan - p.{{ m }}_yuan as decimal(24, 2))          as {{ m }}_yoy_change_yuan,
    {{ yoy_ratio('c.' ~ m ~ '_yuan', 'p.' ~ m ~ '_yuan') }}          as {{ m }}_yoy_change_ratio{{ ',' if not loop.last }}
    {%- endfor %}
from current_year as c
left join current_year as p
    on p.unit_key = c.unit_key and p.fiscal_year = c.fiscal_year - 1
left join {{ ref('dim_unit') }} as u on u.unit_key = c.unit_key
