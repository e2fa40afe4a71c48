-- one row per document × district × source URL: where the crawler found each document of the
-- warehouse (documents given to `fiscal run` by hand have no row)
select
    s.document_id,
    d.file_name,
    s.district_id,
    s.source_url,
    s.url_key,
    -- (lists as text: BI tools read VARCHAR everywhere, DuckDB lists not)
    array_to_string(s.source_urls, ' ')                 as source_urls,
    array_to_string(coalesce(s.detail_urls, []), ' ')   as detail_urls,
    array_to_string(s.listing_urls, ' ')                as listing_urls,
    s.link_text,
    s.page_title,
    s.first_seen,
    s.last_seen,
    s.runs_seen,
    s.archive_id,
    s.member_path
from {{ ref('stg_document_sources') }} as s
-- (a file landed but not read yet is not a document of the warehouse yet)
join {{ ref('stg_documents') }} as d using (document_id)
