-- one row per amount a narrative 绩效 report states (a 整体支出绩效自评报告 printed as text, without a
-- 绩效 table: table PN, ingest/narratives/performance.yaml), of a published/flagged document: the
-- unit's 年初预算, 一般公共预算财政拨款收入 / 支出, 基本 / 项目支出, 人员 / 公用经费, 政府性基金项目支出,
-- and per project its 年中调增 / 调减, 支出决算数 and 结余结转. A 绩效 kind has no phase (it is no
-- unit-year's budget or accounts), so these amounts are not in reported_amounts nor the other facts:
-- they are read from int_amounts here, with the document's status.
select
    a.document_id,
    a.unit_key,
    a.fiscal_year,
    a.row_key as statement_key,
    vocabulary.line_name as statement_name,
    vocabulary.line_kind,
    -- the project as printed, for a statement made once per project (vocabulary side `project`)
    case when vocabulary.side = 'project' then a.row_label end as project,
    a.amount,
    a.amount_text,
    a.printed_unit,
    a.amount_yuan,
    -- lineage: the page, and the box of the amount's digits on it
    a.page,
    a.row_no,
    a.x0,
    a.x1,
    a."top",
    a.bottom,
    s.status as report_status,
    s.is_current_version
from {{ ref('int_amounts') }} as a
inner join {{ ref('int_document_status') }} as s using (document_id)
left join {{ row_key_values() }}
    on vocabulary.table_code = a.table_code and vocabulary.row_key = a.row_key
where a.table_code = 'PN' and s.status in {{ published_statuses() }}
