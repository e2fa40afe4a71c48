-- one row per (document, table_code) in raw.report_tables (rename and cast only)
select
    cast(document_id as varchar)                  as document_id,
    cast(table_code as varchar)                   as table_code,
    cast(status as varchar)                       as table_status,
    cast(title as varchar)                        as title,
    cast(first_page as integer)                   as first_page,
    cast(last_page as integer)                    as last_page,
    cast(printed_unit as varchar)                 as printed_unit,
    nullif(trim(cast(unit_name as varchar)), '')  as unit_name,
    cast(amount_count as integer)                 as amount_count
from {{ source('raw', 'report_tables') }}
