-- one row per code of the 支出经济分类科目 catalog, ingest/reference/economic_subjects.csv
{{ config(materialized='table') }}
select
    trim(code)                                   as code,
    trim(name)                                   as name,
    cast(nullif(trim(level), '') as integer)     as level,
    nullif(trim(parent_code), '')                as parent_code,
    nullif(trim("group"), '')                    as subject_group,
    nullif(trim(name_variants), '')              as name_variants
from {{ reference_csv('economic_subjects.csv') }}
where nullif(trim(code), '') is not null
