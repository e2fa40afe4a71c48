-- PUBLISHED CONTRACT (columns and types enforced, see _reporting.yml):
-- one row per document in raw.documents with its publication status.
select
    file_name,
    document_id,
    unit_name,
    fiscal_year,
    kind,
    status,
    reason,
    failed_checks
from {{ ref('int_document_status') }}
