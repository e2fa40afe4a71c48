-- one row per printed amount of a published/flagged report (document, table, row, column), with
-- what the amount is stated as dimensions (seeds/column_dimensions.csv: the meaning of each
-- profile column) instead of packed in its column key. Every other fact but fct_three_public (which
-- adds the zeros of blank 09 cells) is a filter of this one, as is mart_budget_vs_final's input.
select
    a.document_id,
    a.unit_key,
    a.fiscal_year,
    a.phase,
    a.table_code,
    a.page,
    a.row_no,
    a.line_no,
    a.row_key,
    a.row_label,
    a.printed_code,
    a.subject_kind,
    case when a.subject_kind = 'function' then a.subject_code end as function_code,
    case when a.subject_kind = 'economic' then a.subject_code end as economic_code,
    a.subject_level,
    a.parent_code,
    a.column_key,
    d.measure,
    -- what a column states wins (09's 预算数 beside its 决算数); otherwise the document's phase
    coalesce(d.scenario, a.phase) as scenario,
    d.period,
    d.funding,
    d.fund_source_key,
    d.spending_type_key,
    d.category_key,
    d.economic_basis,
    d.variant,
    a.amount,
    a.amount_text,
    a.printed_unit,
    a.amount_yuan,
    -- lineage: the box of the amount's digits on its page
    a.x0,
    a.x1,
    a."top",
    a.bottom,
    a.report_status,
    a.is_current_version
from {{ ref('int_published_amounts') }} as a
inner join {{ ref('column_dimensions') }} as d
    on d.table_code = a.table_code and d.column_key = a.column_key
