-- one row per 经费 line × column of a 绩效评价基础数据表 (raw.performance_base_lines): the line as
-- printed, its line key (families.yaml base_data.lines; NULL for one 专项 of a group listing them),
-- level and parent line; the column's role (prior_final | prior_budget | budget | final), header and
-- year; the amount as printed and in 元 (exact; NULL where the cell is blank, never 0)
select
    l.document_id,
    cast(l.table_no as integer)              as table_no,
    cast(l.line_no as integer)               as line_no,
    l.column_key,
    cast(l.page as integer)                  as page,
    l.label,
    l.line_key,
    cast(l.level as integer)                 as level,
    cast(l.parent_line_no as integer)        as parent_line_no,
    p.label                                  as parent_label,
    l.column_header,
    cast(l.column_year as integer)           as column_year,
    case when l.column_key like '%budget' then 'budget' else 'final' end as measure,
    t.printed_unit,
    l.amount_text,
    cast(l.amount as decimal(24, 6))         as amount,
    cast(case t.printed_unit when '万元' then l.amount * 10000 when '元' then l.amount end
         as decimal(24, 2))                  as amount_yuan,
    l."top",
    l.bottom
from {{ source('raw', 'performance_base_lines') }} as l
inner join {{ source('raw', 'performance_tables') }} as t using (document_id, table_no)
left join (
    select distinct document_id, table_no, line_no, label from {{ source('raw', 'performance_base_lines') }}
) as p
    on p.document_id = l.document_id and p.table_no = l.table_no and p.line_no = l.parent_line_no
