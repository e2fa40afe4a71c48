-- one row per printed amount of every published or flagged document (phase 2):
-- int_amounts with the document's unit_key and status. Base of the facts and reported_amounts.
{{ config(materialized='view') }}
select
    a.*,  -- (unit_key included: int_amounts computes it as int_document_status does)
    -- budget (部门预算) or final (部门决算), the phase of the document's kind (ingest/kinds.yaml):
    -- the same unit-year can be compared across phases
    k.phase,
    s.status as report_status,
    s.is_current_version
from {{ ref('int_amounts') }} as a
inner join {{ ref('int_document_status') }} as s using (document_id)
-- (a kind without a phase has no reader: its documents are rejected, never published)
inner join {{ ref('stg_document_kinds') }} as k on k.kind = s.kind and k.phase is not null
where s.status in {{ published_statuses() }}
