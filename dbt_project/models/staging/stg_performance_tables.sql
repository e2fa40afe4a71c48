-- one row per 绩效 table found in a document (raw.performance_tables): its family, kind, scope,
-- project, pages, whether it was read, and its printed 总分 with the page it is printed on (rename
-- and cast only); a row of a list of projects' money (长沙 项目支出情况表) with its level and the
-- table of the row it adds up into
select
    document_id,
    cast(table_no as integer)            as table_no,
    family,
    doc_kind,
    scope,
    title,
    project,
    cast(first_page as integer)          as first_page,
    cast(last_page as integer)           as last_page,
    printed_unit,
    status                               as table_status,
    reason,
    cast(total_weight as decimal(20, 6)) as total_weight,
    cast(total_score as decimal(20, 6))  as total_score,
    cast(total_page as integer)          as total_page,
    cast(indicator_count as integer)     as indicator_count,
    cast(fund_line_count as integer)     as fund_line_count,
    row_kind,
    cast(parent_table_no as integer)     as parent_table_no
from {{ source('raw', 'performance_tables') }}
