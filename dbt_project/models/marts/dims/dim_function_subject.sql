-- one row per 支出功能分类科目 code: every code of the catalog, plus every function code printed
-- in a parsed report but absent from the catalog (in_catalog = false, named as printed)
with catalog as (
    select * from {{ ref('stg_function_subjects') }}
),

seen as (
    select
        subject_code as code,
        -- 01/04 print the 类 with its ordinal: 九、卫生健康支出
        regexp_replace(row_label, '^[一二三四五六七八九十]+、', '') as label,
        fiscal_year
    from {{ ref('int_amounts') }}
    where subject_kind = 'function' and subject_code is not null
),

labels as (
    select code, label, count(*) as n, max(fiscal_year) as last_year
    from seen
    where nullif(label, '') is not null
    group by all
),

seen_codes as (
    select
        s.code,
        min(s.fiscal_year) as first_seen_year,
        max(s.fiscal_year) as last_seen_year
    from seen as s
    group by s.code
),

seen_names as (
    select
        code,
        first(label order by n desc, last_year desc nulls last, label) as printed_name,
        string_agg(label, ' | ' order by label)                         as printed_names
    from labels
    group by code
),

codes as (
    select code from catalog
    union
    select code from seen_codes
),

subjects as (
    select
        k.code                                                        as function_code,
        coalesce(c.name, n.printed_name)                              as name,
        cast(coalesce(c.level,
            case length(k.code) when 3 then 1 when 5 then 2 when 7 then 3 end) as integer) as level,
        coalesce(c.class_code, left(k.code, 3))                       as class_code,
        case when length(k.code) >= 5 then left(k.code, 5) end        as section_code,
        coalesce(c.parent_code,
            case length(k.code) when 7 then left(k.code, 5) when 5 then left(k.code, 3) end) as parent_code,
        c.name_variants,
        n.printed_names,
        c.code is not null                                            as in_catalog,
        s.first_seen_year,
        s.last_seen_year
    from codes as k
    left join catalog as c using (code)
    left join seen_names as n using (code)
    left join seen_codes as s using (code)
)

select
    s.function_code,
    s.name,
    s.level,
    case s.level when 1 then '类' when 2 then '款' when 3 then '项' end as level_name,
    s.class_code,
    cls.name                                                            as class_name,
    s.section_code,
    sec.name                                                            as section_name,
    s.parent_code,
    s.name_variants,
    s.printed_names,
    s.in_catalog,
    s.first_seen_year,
    s.last_seen_year
from subjects as s
left join subjects as cls on cls.function_code = s.class_code
left join subjects as sec on sec.function_code = s.section_code
