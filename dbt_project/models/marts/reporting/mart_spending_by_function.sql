-- one row per unit × fiscal year × 功能科目 (类, 款 and 项 rows: filter level before summing)
-- of the current published/flagged 部门决算: table 03 by spending type (with the printed total)
-- and table 05's 一般公共预算财政拨款 spending, in 元.
with reports as (
    select document_id, unit_key, fiscal_year, status as report_status
    from {{ ref('int_document_status') }}
    where is_current_version and kind = 'final_accounts'
),

amounts as (
    select document_id, table_code, subject_code, column_key, amount_yuan, row_label, page
    from {{ ref('int_published_amounts') }}
    where table_code in ('03', '05') and subject_code is not null
),

pivoted as (
    select
        document_id,
        subject_code as function_code,
        first(row_label order by table_code, page)                                         as row_label,
        {% for c in ['total', 'basic', 'project', 'remit_superior', 'operating', 'subsidy_affiliates'] -%}
        sum(amount_yuan) filter (where table_code = '03' and column_key = '{{ c }}')        as {{ c }}_03,
        {% endfor -%}
        sum(amount_yuan) filter (where table_code = '05' and column_key = 'total')          as total_05,
        sum(amount_yuan) filter (where table_code = '05' and column_key = 'basic')          as basic_05,
        sum(amount_yuan) filter (where table_code = '05' and column_key = 'project')        as project_05,
        bool_or(table_code = '03')                                                          as in_03,
        bool_or(table_code = '05')                                                          as in_05
    from amounts
    group by all
)

select
    r.unit_key,
    u.unit_name,
    u.district,
    u.city,
    u.province,
    r.fiscal_year,
    r.document_id,
    r.report_status,
    p.function_code,
    f.name               as function_name,
    p.row_label,
    f.level              as subject_level,
    f.level_name,
    f.class_code,
    f.class_name,
    f.section_code,
    f.section_name,
    -- 03 支出决算表 (all funds); blank cells of a printed row are zeros
    {% for c in ['total', 'basic', 'project', 'remit_superior', 'operating', 'subsidy_affiliates'] -%}
    cast(case when p.in_03 then coalesce(p.{{ c }}_03, 0) end as decimal(24, 2)) as {{ 'total_spending' if c == 'total' else c }}_yuan,
    {% endfor -%}
    -- 05 一般公共预算财政拨款支出
    cast(case when p.in_05 then coalesce(p.total_05, 0) end as decimal(24, 2))   as general_budget_total_yuan,
    cast(case when p.in_05 then coalesce(p.basic_05, 0) end as decimal(24, 2))   as general_budget_basic_yuan,
    cast(case when p.in_05 then coalesce(p.project_05, 0) end as decimal(24, 2)) as general_budget_project_yuan
from pivoted as p
inner join reports as r using (document_id)
left join {{ ref('dim_unit') }} as u on u.unit_key = r.unit_key
left join {{ ref('dim_function_subject') }} as f on f.function_code = p.function_code
