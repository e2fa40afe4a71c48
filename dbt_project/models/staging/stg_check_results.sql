-- one row per evaluated check in gate.check_results (rename and cast only)
select
    cast(document_id as varchar)          as document_id,
    upper(trim(cast(rule_id as varchar))) as rule_id,
    cast(table_code as varchar)           as table_code,
    cast(page as integer)                 as page,
    cast(row_label as varchar)            as row_label,
    cast(subject_code as varchar)         as subject_code,
    cast(column_key as varchar)           as column_key,
    cast(description as varchar)          as description,
    cast(expected as decimal(20, 2))      as expected,
    cast(actual as decimal(20, 2))        as actual,
    cast(difference as decimal(20, 2))    as difference,
    cast(n_addends as integer)            as n_addends,
    cast(tolerance as decimal(20, 4))     as tolerance,
    cast(held as boolean)                 as held,
    cast(verdict as varchar)              as verdict
from {{ source('gate', 'check_results') }}
