{#- The row_key / column_key vocabularies of docs/record-contract.md. They are data of the
    table profiles (ingest/profiles/*.yaml); the orchestrator writes them to raw.vocabulary on
    every run, so dbt never keeps a copy. Used by the generic tests (column_key_in_vocabulary,
    row_key_in_vocabulary) and by fct_summary_lines (the meaning of each summary line). -#}

{#- (table_code, column_key) -#}
{% macro column_key_values() -%}
    (select distinct table_code, key as column_key
     from {{ source('raw', 'vocabulary') }} where key_type = 'column') as vocabulary
{%- endmacro %}

{#- (table_code, row_key, side, line_kind, line_name) -#}
{% macro row_key_values() -%}
    (select distinct table_code, key as row_key, side, line_kind, name as line_name
     from {{ source('raw', 'vocabulary') }} where key_type = 'row') as vocabulary
{%- endmacro %}

{#- (kind, table_code, subject_kind, table_name, part): every standard table of every report kind;
    subject_kind is what its subject codes classify ('function', 'economic') or NULL; part is the
    part of a report the table is read from: 'tables', or 'text' for a narrative table (BN, PN: the
    statements of a file read as text). -#}
{% macro table_values() -%}
    (select distinct kind, table_code, nullif(key, 'none') as subject_kind, name as table_name,
            coalesce(side, 'tables') as part
     from {{ source('raw', 'vocabulary') }} where key_type = 'table') as tables
{%- endmacro %}
