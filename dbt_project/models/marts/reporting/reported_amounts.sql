-- PUBLISHED CONTRACT (columns and types enforced, see _reporting.yml):
-- one row per amount printed in the standard tables (决算 01–09, 预算 B01–B09) of every
-- published or flagged report.
select
    document_id,
    file_name,
    unit_name,
    fiscal_year,
    table_code,
    page,
    row_label,
    subject_code,
    column_key,
    amount,
    printed_unit,
    amount_yuan,
    -- lineage after the contract columns
    row_no,
    line_no,
    row_key,
    printed_code,
    amount_text,
    subject_kind,
    subject_level,
    unit_key,
    report_status,
    is_current_version,
    phase
from {{ ref('int_published_amounts') }}
