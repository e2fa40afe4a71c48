-- one row per code of the 支出功能分类科目 catalog, ingest/reference/function_subjects.csv
-- (a table, so the CSV is read once per build, relative to the project folder)
{{ config(materialized='table') }}
select
    trim(code)                                   as code,
    trim(name)                                   as name,
    cast(nullif(trim(level), '') as integer)     as level,
    nullif(trim(parent_code), '')                as parent_code,
    nullif(trim(class_code), '')                 as class_code,
    nullif(trim(name_variants), '')              as name_variants
from {{ reference_csv('function_subjects.csv') }}
where nullif(trim(code), '') is not null
