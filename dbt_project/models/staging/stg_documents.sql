-- one row per input file in raw.documents (rename and cast only)
select
    cast(document_id as varchar)                  as document_id,
    cast(file_name as varchar)                    as file_name,
    cast(file_path as varchar)                    as file_path,
    cast(file_size as bigint)                     as file_size,
    cast(page_count as integer)                   as page_count,
    cast(kind as varchar)                         as kind,
    cast(part as varchar)                         as part,
    coalesce(cast(ocr as boolean), false)         as ocr,
    nullif(trim(cast(unit_name as varchar)), '')  as unit_name,
    cast(fiscal_year as integer)                  as fiscal_year,
    cast(parse_status as varchar)                 as parse_status,
    cast(reason as varchar)                       as parse_reason,
    cast(reason_page as integer)                  as reason_page,
    cast(narrative_total as decimal(20, 2))       as narrative_total,
    cast(parser_version as varchar)               as parser_version,
    cast(first_seen_at as timestamp)              as first_seen_at
from {{ source('raw', 'documents') }}
