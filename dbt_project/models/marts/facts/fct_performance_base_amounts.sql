-- one row per 经费 line × column-year of a 绩效评价基础数据表 (湖南 附件1: 三公经费, 项目支出 and its
-- groups and 专项, 公用经费, 政府采购金额 …) of a published/flagged document: the line as printed,
-- its level and the line it belongs to, the column's measure (final | budget) and year as its header
-- prints them (2022年决算数: prior_final of a 2023 table), the amount as printed and in 元 (NULL for a
-- blank cell: nothing printed, not zero). The parent's lines add up to it where the template says so
-- (rule P9, flagged when they do not).
select
    l.document_id,
    s.unit_key,
    s.fiscal_year,
    l.table_no,
    l.line_no,
    l.label,
    l.line_key,
    l.level,
    l.parent_line_no,
    l.parent_label,
    l.column_key,
    l.column_header,
    l.column_year,
    l.measure,
    l.amount_text,
    l.amount,
    l.printed_unit,
    l.amount_yuan,
    -- lineage: the page (a Word table's ordinal) and the row's band (a Word table's row numbers)
    l.page,
    l."top",
    l.bottom,
    s.status as report_status,
    s.is_current_version
from {{ ref('stg_performance_base_lines') }} as l
inner join {{ ref('stg_performance_tables') }} as t using (document_id, table_no)
inner join {{ ref('int_document_status') }} as s using (document_id)
where s.status in {{ published_statuses() }} and t.table_status = 'read'
