-- one row per version (published or flagged document) of a report: unit, year, kind and part,
-- which version superseded it and when, and where each was found
with sources as (
    select
        document_id,
        string_agg(distinct district_id, ' ' order by district_id) as district_ids,
        string_agg(distinct source_url, ' ' order by source_url)   as source_urls
    from {{ ref('stg_document_sources') }}
    group by document_id
)

select
    s.unit_key,
    s.unit_name,
    s.fiscal_year,
    s.kind,
    s.part,
    s.document_id,
    s.file_name,
    s.status,
    s.version_number,
    s.first_seen_at,
    s.is_current_version,
    s.superseded_by,
    s.superseded_at,
    src.district_ids,
    src.source_urls
from {{ ref('int_document_status') }} as s
left join sources as src using (document_id)
where s.status in {{ published_statuses() }}
