-- PUBLISHED CONTRACT (columns and types enforced, see _performance_indicators.yml):
-- one row per indicator row printed in the 绩效 tables of every published or flagged document
-- (a 绩效 file, or the 自评 attachments of a 决算/预算).
select
    i.document_id,
    s.file_name,
    s.unit_name,
    s.fiscal_year,
    i.doc_kind,
    i.scope,
    i.project,
    i.level1,
    i.level2,
    i.level3,
    i.target,
    i.target_operator,
    i.target_value,
    i.target_unit,
    i.actual,
    i.actual_value,
    i.weight,
    i.score,
    i.deviation,
    i.page,
    -- after the contract columns: the 实施周期指标值 where printed, the year the target is for and
    -- the earlier years' values where the header names them (湖北 近两年指标值), 绩效标准, then lineage
    i.period_target,
    i.target_year,
    i.prior_year_1,
    i.prior_value_1,
    i.prior_year_2,
    i.prior_value_2,
    i.target_basis,
    i.table_no,
    i.row_no,
    i.family,
    s.status as report_status,
    s.is_current_version
from {{ ref('stg_performance_indicators') }} as i
inner join {{ ref('int_document_status') }} as s using (document_id)
where s.status in {{ published_statuses() }}
