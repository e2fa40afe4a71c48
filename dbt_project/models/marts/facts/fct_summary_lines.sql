-- one row per amount printed on a summary (non-subject) line of published/flagged reports:
-- the 01 and 04 income/spending lines (本年收入/支出合计, 年初/年末结转和结余, 总计, the income
-- sources), plus the 合计 rows of 02/03/05/07/08 and 06's 人员经费合计 / 公用经费合计.
-- (Table 09's single row is fct_three_public.) The same lines of the 部门预算 tables B01–B08
-- carry phase 'budget' and the same row keys, so budget and final lines of a unit-year compare.
-- (The statements of a budget's text half, table BN, are fct_budget_text_statements: sentences,
-- not printed lines, and they include the “三公” items.)
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
    vocabulary.side,
    vocabulary.line_kind,
    vocabulary.line_name,
    a.column_key,
    a.amount,
    a.printed_unit,
    a.amount_yuan,
    a.report_status,
    a.is_current_version
from {{ ref('fct_amounts') }} as a
left join {{ row_key_values() }}
    on vocabulary.table_code = a.table_code and vocabulary.row_key = a.row_key
where a.row_key is not null and a.table_code not in ('09', 'B09', 'BN')
