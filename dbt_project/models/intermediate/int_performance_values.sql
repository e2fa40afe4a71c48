-- one row per number printed in a 绩效 table read (an indicator row's 分值 / 得分, the 总分 row,
-- a money line's amounts, 执行率, 分值 and 得分) of every parsed document, with its unit and year:
-- the input of the gate's 绩效 rules (P1–P10, expectations/rules.yaml), as int_amounts is of the
-- others. Phase 1: no dependency on the gate. parent_table_no: the table a list row adds up into
-- (长沙 项目支出情况表: an item's group, a group's 合计; rule P8). A 绩效评价基础数据表's 经费 lines
-- (part 'base', line = the line key, row_no = line_no, parent_row_no = the line it belongs to: rule
-- P9) and its staffing row (part 'staffing': 编制数, 实际在职人数, 控制率; rule P10).
with tables as (
    select
        t.document_id,
        t.table_no,
        t.family,
        t.scope,
        t.printed_unit,
        t.first_page,
        t.last_page,
        t.total_weight,
        t.total_score,
        t.total_page,
        t.parent_table_no,
        d.kind,
        d.fiscal_year,
        {{ unit_key('d.unit_name') }} as unit_key
    from {{ ref('stg_performance_tables') }} as t
    inner join {{ ref('stg_documents') }} as d using (document_id)
    where d.parse_status = 'parsed' and t.table_status = 'read'
),

indicator_values as (
    select i.document_id, i.table_no, 'indicator' as part, cast(null as varchar) as line, i.row_no, i.page,
           i.level3 as row_label, v.column_key, v.value, v.value_text, cast(null as integer) as parent_row_no
    from {{ ref('stg_performance_indicators') }} as i
    cross join lateral (
        values ('weight', i.weight, i.weight_text), ('score', i.score, i.score_text)
    ) as v(column_key, value, value_text)
),

-- the 总分 row, on the page it is printed on: its precision is that of its digits (a printed `100.0`
-- counts as `100`: a coarser, never a finer tolerance; its text is kept in raw for the re-reader)
total_values as (
    select t.document_id, t.table_no, 'total' as part, cast(null as varchar) as line, cast(null as integer) as row_no,
           coalesce(t.total_page, t.last_page) as page, '总分' as row_label, v.column_key, v.value, cast(null as varchar) as value_text,
           cast(null as integer) as parent_row_no
    from tables as t
    cross join lateral (values ('weight', t.total_weight), ('score', t.total_score)) as v(column_key, value)
),

money_values as (
    select f.document_id, f.table_no, 'money' as part, f.line, cast(null as integer) as row_no, f.page,
           f.label as row_label, v.column_key, v.value, v.value_text, cast(null as integer) as parent_row_no
    from {{ ref('stg_performance_funds') }} as f
    cross join lateral (
        values
            ('budget_initial', f.budget_initial, f.budget_initial_text),
            ('budget_full_year', f.budget_full_year, f.budget_full_year_text),
            ('executed', f.executed, f.executed_text),
            ('budget_in_place', f.budget_in_place, f.budget_in_place_text),
            ('unspent', f.unspent, f.unspent_text),
            ('execution_rate', cast(f.execution_rate as decimal(24, 6)), f.execution_rate_text),
            ('weight', f.weight, f.weight_text),
            ('score', f.score, f.score_text)
    ) as v(column_key, value, value_text)
),

base_values as (
    select b.document_id, b.table_no, 'base' as part, b.line_key as line, b.line_no as row_no, b.page,
           b.label as row_label, b.column_key, b.amount as value, b.amount_text as value_text,
           b.parent_line_no as parent_row_no
    from {{ ref('stg_performance_base_lines') }} as b
),

staffing_values as (
    select f.document_id, f.table_no, 'staffing' as part, 'staffing' as line, cast(null as integer) as row_no,
           f.page, '财政供养人员情况' as row_label, v.column_key, v.value, v.value_text,
           cast(null as integer) as parent_row_no
    from {{ ref('stg_performance_staffing') }} as f
    cross join lateral (
        values
            ('authorized_staff', f.authorized, f.authorized_text),
            ('actual_staff', f.actual, f.actual_text),
            ('control_rate', cast(f.control_rate as decimal(24, 6)), f.control_rate_text)
    ) as v(column_key, value, value_text)
),

values_ as (
    select * from indicator_values
    union all
    select * from total_values
    union all
    select * from money_values
    union all
    select * from base_values
    union all
    select * from staffing_values
)

select
    v.document_id,
    t.kind,
    t.unit_key,
    t.fiscal_year,
    cast(v.table_no as integer)                 as table_no,
    t.family,
    t.scope,
    v.part,
    v.line,
    cast(v.row_no as integer)                   as row_no,
    cast(coalesce(v.page, t.first_page) as integer) as page,
    v.row_label,
    v.column_key,
    cast(v.value as decimal(24, 6))             as value,
    v.value_text,
    -- the money unit of amounts; NULL for points (分值, 得分) and percents (执行率)
    case when v.column_key in ('budget_initial', 'budget_full_year', 'executed', 'budget_in_place', 'unspent')
              or v.part = 'base'
        then t.printed_unit end                 as printed_unit,
    t.parent_table_no,
    cast(v.parent_row_no as integer)            as parent_row_no
from values_ as v
inner join tables as t using (document_id, table_no)
where v.value is not null
