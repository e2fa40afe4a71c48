-- one row per printed amount of every published or flagged document (phase 2):
-- int_amounts with the document's unit_key and status. Base of the facts and reported_amounts.
{{ config(materialized='view') }}
select
    a.*,  -- (unit_key included: int_amounts computes it as int_document_status does)
    -- budget (部门预算) or final (部门决算): the same unit-year can be compared across phases
    case s.kind when 'budget' then 'budget' else 'final' end as phase,
    s.status as report_status,
    s.is_current_version
from {{ ref('int_amounts') }} as a
inner join {{ ref('int_document_status') }} as s using (document_id)
where s.status in ('published', 'flagged')
