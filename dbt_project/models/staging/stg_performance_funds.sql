-- one row per line of a 绩效 money block (raw.performance_funds), with its table's scope, project
-- and money unit; the amounts also in 元 (exact: a 6-decimal 万元 amount is a 2-decimal 元 one). A row
-- of a list of projects' money (长沙 项目支出情况表: each row its own table) carries its level
-- (row_kind: total | group | item), the table it adds up into and, for an item under a group, the
-- group's name (parent_project)
select
    f.document_id,
    cast(f.table_no as integer)                    as table_no,
    t.family,
    t.scope,
    t.project,
    f.line,
    f.label,
    cast(f.page as integer)                        as page,
    t.printed_unit,
    cast(f.budget_initial as decimal(24, 6))       as budget_initial,
    cast(f.budget_full_year as decimal(24, 6))     as budget_full_year,
    cast(f.executed as decimal(24, 6))             as executed,
    cast(f.budget_in_place as decimal(24, 6))      as budget_in_place,
    cast(f.unspent as decimal(24, 6))              as unspent,
    f.unspent_reason,
    {% for col in ['budget_initial', 'budget_full_year', 'executed', 'budget_in_place', 'unspent'] %}
    cast(case t.printed_unit when '万元' then f.{{ col }} * 10000 when '元' then f.{{ col }} end
         as decimal(24, 2))                        as {{ col }}_yuan,
    f.{{ col }}_text,
    {% endfor %}
    f.execution_rate_text,
    cast(f.execution_rate as decimal(20, 6))       as execution_rate,
    cast(f.weight as decimal(20, 6))               as weight,
    f.weight_text,
    cast(f.score as decimal(20, 6))                as score,
    f.score_text,
    t.row_kind,
    cast(t.parent_table_no as integer)             as parent_table_no,
    case when t.row_kind = 'item' and p.row_kind = 'group' then p.project end as parent_project
from {{ source('raw', 'performance_funds') }} as f
inner join {{ source('raw', 'performance_tables') }} as t using (document_id, table_no)
left join {{ source('raw', 'performance_tables') }} as p
    on p.document_id = t.document_id and p.table_no = t.parent_table_no
