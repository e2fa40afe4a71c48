-- one row per amount the text half of a published/flagged 部门预算 states (table BN: a text
-- whose tables are published as another file, ingest/narratives/budget.yaml): 收入/支出预算总计,
-- income by fund, 基本/项目支出, the “三公”经费 items, 机关运行经费, 政府采购. The statement keys
-- are the budget tables' row keys where they mean the same line (inc_grand_total, exp_basic …).
select
    a.document_id,
    a.unit_key,
    a.fiscal_year,
    a.phase,
    a.row_key as statement_key,
    vocabulary.line_name as statement_name,
    vocabulary.line_kind,
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
    a.report_status,
    a.is_current_version
from {{ ref('fct_amounts') }} as a
left join {{ row_key_values() }}
    on vocabulary.table_code = a.table_code and vocabulary.row_key = a.row_key
where a.table_code = 'BN'
