-- one row per printed amount of every document whose parse_status is 'parsed'
-- (the input of the Great Expectations balance checks; built in phase 1, no gate dependency)
with documents as (
    select document_id, unit_name, fiscal_year, file_name
    from {{ ref('stg_documents') }}
    where parse_status = 'parsed'
),

amounts as (
    select
        a.*,
        case when a.subject_code is not null then tables.subject_kind end as subject_kind
    from {{ ref('stg_amounts') }} as a
    left join {{ table_values() }} on tables.table_code = a.table_code
)

select
    a.document_id,
    a.table_code,
    a.page,
    a.row_no,
    a.line_no,
    a.row_label,
    a.printed_code,
    a.subject_code,
    a.row_key,
    a.column_key,
    a.amount,
    a.amount_text,
    a.printed_unit,
    a.x0,
    a.x1,
    a."top",
    a.bottom,
    d.unit_name,
    -- (the gate pairs a budget's text half with its tables file by unit and year)
    {{ unit_key('d.unit_name') }} as unit_key,
    d.fiscal_year,
    d.file_name,
    {{ to_yuan('a.amount', 'a.printed_unit') }} as amount_yuan,
    a.subject_kind,
    cast(case
        when a.subject_kind = 'function' then
            case length(a.subject_code) when 3 then 1 when 5 then 2 when 7 then 3 end
        -- economic level 3: a publisher's local 7-digit sub-item of a 款 (重庆 3010201 under 30102)
        when a.subject_kind = 'economic' then
            case length(a.subject_code) when 3 then 1 when 5 then 2 when 7 then 3 end
    end as integer) as subject_level,
    case
        when a.subject_kind is null then null
        when length(a.subject_code) = 7 then left(a.subject_code, 5)
        when length(a.subject_code) = 5 then left(a.subject_code, 3)
    end as parent_code
from amounts as a
inner join documents as d using (document_id)
