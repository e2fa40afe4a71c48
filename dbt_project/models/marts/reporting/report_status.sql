-- PUBLISHED CONTRACT (columns and types enforced, see _reporting.yml):
-- one row per document in raw.documents with its publication status.
select
    s.file_name,
    s.document_id,
    s.unit_name,
    s.fiscal_year,
    s.kind,
    s.status,
    s.reason,
    s.failed_checks,
    -- (added after the columns it had: positional readers keep working)
    (
        select string_agg(n.file_name, '; ' order by n.file_name)
        from {{ source('raw', 'document_names') }} as n
        where n.document_id = s.document_id and n.file_name <> s.file_name
    ) as other_file_names
from {{ ref('int_document_status') }} as s
