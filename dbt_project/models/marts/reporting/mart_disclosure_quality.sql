-- one row per document in raw.documents (every report, whatever its status): what was read,
-- which checks held, which failed and where to look.
with status as (
    select * from {{ ref('int_document_status') }}
),

documents as (
    select document_id, file_path, page_count, parser_version, narrative_total, ocr
    from {{ ref('stg_documents') }}
),

expected_tables as (
    -- the standard tables of the report's kind and part (决算 01–09, 预算 B01–B09; a file read as
    -- text: its statements, the narrative table of its kind, BN or PN of ingest/narratives/)
    select
        s.document_id,
        tables.table_code,
        coalesce(t.table_status, 'missing') as table_status
    from status as s
    inner join {{ table_values() }}
        on tables.kind = s.kind and tables.part = coalesce(s.part, 'tables')
    left join {{ ref('stg_report_tables') }} as t
        on t.document_id = s.document_id and t.table_code = tables.table_code
    where s.parse_status <> 'rejected'
),

table_summary as (
    select
        document_id,
        cast(count(*) filter (where table_status = 'found') as integer)   as tables_found,
        cast(count(*) filter (where table_status = 'empty') as integer)   as tables_empty,
        cast(count(*) filter (where table_status = 'missing') as integer) as tables_missing,
        string_agg(table_code, ',' order by table_code) filter (where table_status = 'empty')   as empty_tables,
        string_agg(table_code, ',' order by table_code) filter (where table_status = 'missing') as missing_tables
    from expected_tables
    group by document_id
),

amounts as (
    select document_id, cast(count(*) as integer) as amounts_read
    from {{ ref('stg_amounts') }}
    group by document_id
)

select
    s.document_id,
    s.file_name,
    d.file_path,
    s.unit_name,
    s.unit_key,
    s.fiscal_year,
    s.kind,
    d.page_count,
    d.parser_version,
    s.part,
    d.ocr,
    s.parse_status,
    s.status,
    s.reason,
    s.look_at_page,
    t.tables_found,
    t.tables_empty,
    t.tables_missing,
    t.empty_tables,
    t.missing_tables,
    coalesce(a.amounts_read, 0) as amounts_read,
    d.narrative_total,
    s.checks_evaluated,
    s.checks_held,
    s.checks_failed,
    s.parse_errors,
    s.publisher_inconsistencies,
    s.failed_rule_ids,
    s.failed_checks,
    s.is_current_version
from status as s
left join documents as d using (document_id)
left join table_summary as t using (document_id)
left join amounts as a using (document_id)
