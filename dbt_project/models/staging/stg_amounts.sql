-- one row per printed amount in raw.amounts (rename and cast only)
select
    cast(document_id as varchar)        as document_id,
    cast(table_code as varchar)         as table_code,
    cast(page as integer)               as page,
    cast(row_no as integer)             as row_no,
    cast(line_no as integer)            as line_no,
    cast(row_label as varchar)          as row_label,
    cast(printed_code as varchar)       as printed_code,
    cast(subject_code as varchar)       as subject_code,
    cast(row_key as varchar)            as row_key,
    cast(column_key as varchar)         as column_key,
    cast(amount as decimal(20, 2))      as amount,
    cast(amount_text as varchar)        as amount_text,
    cast(printed_unit as varchar)       as printed_unit,
    cast(x0 as double)                  as x0,
    cast(x1 as double)                  as x1,
    cast("top" as double)               as "top",
    cast(bottom as double)              as bottom
from {{ source('raw', 'amounts') }}
