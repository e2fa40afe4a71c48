{#- The classification catalogs live in ingest/reference/ (one copy, shared with the parser).

    `reference_dir` (project var, default ../ingest/reference) may be absolute, or relative to
    this dbt project's folder. A relative one is joined to the project dir dbt was invoked with
    (invocation_args_dict.project_dir: absolute when dbt found the project itself, else as given
    on --project-dir, i.e. relative to the working directory — which is also what DuckDB
    resolves a relative path against). So `cd dbt_project && dbt build`,
    `dbt build --project-dir dbt_project` from the repo root and dagster-dbt all find
    ../ingest/reference. Every column is read as text; staging casts. -#}
{% macro reference_path(file_name) -%}
    {%- set dir = (var('reference_dir') | string).rstrip('/') -%}
    {%- if not (dir.startswith('/') or dir.startswith('\\') or (dir | length > 1 and dir[1] == ':')) -%}
        {%- set project_dir = (invocation_args_dict.get('project_dir') or '.') | string -%}
        {%- set dir = project_dir.rstrip('/') ~ '/' ~ dir -%}
    {%- endif -%}
    {{ return(dir ~ '/' ~ file_name) }}
{%- endmacro %}

{% macro reference_csv(file_name) -%}
    read_csv('{{ reference_path(file_name) | replace("'", "''") }}', all_varchar = true, header = true, auto_detect = true)
{%- endmacro %}
