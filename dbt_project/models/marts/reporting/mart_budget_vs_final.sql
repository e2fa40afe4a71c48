-- one row per unit × fiscal year × 功能科目 (类, 款 and 项 rows: filter level before summing) of
-- the unit-years that have both a current published/flagged 部门预算 and 部门决算: what was
-- budgeted (B03 支出预算表, B05 一般公共预算支出表) against what was spent (03, 05), in 元.
with reports as (
    select document_id, unit_key, fiscal_year, kind
    from {{ ref('int_document_status') }}
    -- the tables compared are B03/B05 and 03/05: a budget's text half (part 'text') has none
    where is_current_version and status in ('published', 'flagged') and part = 'tables'
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

amounts as (
    select document_id, table_code, subject_code, column_key, amount_yuan
    from {{ ref('int_published_amounts') }}
    where table_code in ('03', '05', 'B03', 'B05') and subject_code is not null
),

-- which of the four tables each document prints: a subject missing from a printed table is 0,
-- from a table not printed at all unknown (NULL)
printed as (
    select document_id, list(distinct table_code) as tables
    from amounts
    group by all
),

measures as (
    {%- set cells = [
        ('budget_spending', 'B03', 'total'), ('budget_basic', 'B03', 'basic'), ('budget_project', 'B03', 'project'),
        ('final_spending', '03', 'total'), ('final_basic', '03', 'basic'), ('final_project', '03', 'project'),
        ('budget_general_budget', 'B05', 'total'), ('final_general_budget', '05', 'total'),
    ] %}
    select
        p.unit_key,
        p.fiscal_year,
        p.budget_document_id,
        p.final_document_id,
        a.subject_code as function_code,
        {% for name, table, column in cells -%}
        sum(a.amount_yuan) filter (where a.table_code = '{{ table }}' and a.column_key = '{{ column }}')
            as {{ name }}{{ ',' if not loop.last }}
        {% endfor %}
    from pairs as p
    inner join amounts as a on a.document_id in (p.budget_document_id, p.final_document_id)
    group by all
)

select
    m.unit_key,
    u.unit_name,
    m.fiscal_year,
    m.function_code,
    f.name  as function_name,
    f.level as subject_level,
    f.class_code,
    f.class_name,
    {% for name, table, column in cells -%}
    cast(case when list_contains({{ 'pb' if table.startswith('B') else 'pf' }}.tables, '{{ table }}')
         then coalesce(m.{{ name }}, 0) end as decimal(24, 2)) as {{ name }}_yuan,
    {% endfor -%}
    cast(case when list_contains(pb.tables, 'B03') and list_contains(pf.tables, '03')
         then coalesce(m.final_spending, 0) - coalesce(m.budget_spending, 0) end as decimal(24, 2))
        as spending_over_budget_yuan,
    -- 决算 / 预算 of total spending; NULL where nothing was budgeted
    cast(case when list_contains(pf.tables, '03') and m.budget_spending <> 0
         then coalesce(m.final_spending, 0) / m.budget_spending end as decimal(12, 4)) as execution_rate,
    m.budget_document_id,
    m.final_document_id
from measures as m
left join printed as pb on pb.document_id = m.budget_document_id
left join printed as pf on pf.document_id = m.final_document_id
left join {{ ref('dim_unit') }} as u on u.unit_key = m.unit_key
left join {{ ref('dim_function_subject') }} as f on f.function_code = m.function_code
