-- PUBLISHED CONTRACT (columns and types enforced, see _performance_funds.yml):
-- one row per line of a 绩效 money block (total | fiscal | carryover | other) of every published
-- or flagged document; amounts as printed and in 元. A list of projects' money (长沙 项目支出情况表)
-- prints groups and their items: row_kind and parent_project say which rows add up into which.
select
    f.document_id,
    s.file_name,
    s.unit_name,
    s.fiscal_year,
    f.scope,
    f.project,
    f.line,
    f.budget_initial,
    f.budget_full_year,
    f.executed,
    f.execution_rate_text,
    f.execution_rate,
    f.weight,
    f.score,
    f.printed_unit,
    f.budget_initial_yuan,
    f.budget_full_year_yuan,
    f.executed_yuan,
    f.page,
    f.budget_in_place,
    f.budget_in_place_yuan,
    f.unspent,
    f.unspent_yuan,
    f.unspent_reason,
    f.row_kind,
    f.parent_project,
    -- lineage after the contract columns
    f.table_no,
    f.label,
    f.family,
    f.budget_initial_text,
    f.budget_full_year_text,
    f.executed_text,
    f.budget_in_place_text,
    f.unspent_text,
    f.parent_table_no,
    s.status as report_status,
    s.is_current_version
from {{ ref('stg_performance_funds') }} as f
inner join {{ ref('int_document_status') }} as s using (document_id)
where s.status in {{ published_statuses() }}
