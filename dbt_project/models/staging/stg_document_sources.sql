-- one row per document × district × source URL the crawler found it at (rename and cast only)
select
    cast(document_id as varchar)               as document_id,
    cast(district_id as varchar)               as district_id,
    cast(url_key as varchar)                   as url_key,
    cast(attachment_url as varchar)            as source_url,
    cast(attachment_urls as varchar[])         as source_urls,
    cast(detail_urls as varchar[])             as detail_urls,
    cast(listing_urls as varchar[])            as listing_urls,
    cast(link_text as varchar)                 as link_text,
    cast(page_title as varchar)                as page_title,
    cast(file_name as varchar)                 as file_name,
    -- (the crawler records TIMESTAMPTZ; the warehouse keeps UTC TIMESTAMPs like raw.documents)
    timezone('UTC', first_seen)                as first_seen,
    timezone('UTC', last_seen)                 as last_seen,
    cast(runs_seen as integer)                 as runs_seen,
    cast(archive_id as varchar)                as archive_id,
    cast(member_path as varchar)               as member_path
from {{ source('raw', 'document_sources') }}
