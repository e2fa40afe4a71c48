-- one row per 支出经济分类科目 code: every code of the catalog, plus every economic code printed
-- in a parsed report (table 06) but absent from the catalog (in_catalog = false, named as printed).
-- A 7-digit code is a publisher's local sub-item of a catalog 款 (重庆 3010201 规范性津补贴 under
-- 30102 津贴补贴): level 3, parent = its 款, group = its 类's.
with catalog as (
    select * from {{ ref('stg_economic_subjects') }}
),

seen as (
    select subject_code as code, row_label as label, fiscal_year
    from {{ ref('int_amounts') }}
    where subject_kind = 'economic' and subject_code is not null
),

labels as (
    select code, label, count(*) as n, max(fiscal_year) as last_year
    from seen
    where nullif(label, '') is not null
    group by all
),

seen_codes as (
    select code, min(fiscal_year) as first_seen_year, max(fiscal_year) as last_seen_year
    from seen
    group by code
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
        k.code                                                         as economic_code,
        coalesce(c.name, n.printed_name)                               as name,
        cast(coalesce(c.level, case length(k.code) when 3 then 1 when 5 then 2 when 7 then 3 end) as integer) as level,
        left(k.code, 3)                                                as class_code,
        coalesce(c.parent_code, case length(k.code) when 5 then left(k.code, 3) when 7 then left(k.code, 5) end) as parent_code,
        c.subject_group                                                as catalog_group,
        c.name_variants,
        n.printed_names,
        c.code is not null                                             as in_catalog,
        s.first_seen_year,
        s.last_seen_year
    from codes as k
    left join catalog as c using (code)
    left join seen_names as n using (code)
    left join seen_codes as s using (code)
)

select
    s.economic_code,
    s.name,
    s.level,
    case s.level when 1 then '类' when 2 then '款' when 3 then '子目' end as level_name,
    s.class_code,
    cls.name                                          as class_name,
    s.parent_code,
    -- the catalog's group; a code outside the catalog takes its 类's group, else the
    -- grouping of table 06 (301/303 人员经费, 302/310 公用经费)
    coalesce(
        s.catalog_group,
        cls.catalog_group,
        case s.class_code
            when '301' then '人员经费' when '303' then '人员经费'
            when '302' then '公用经费' when '310' then '公用经费'
            else '其他'
        end)                                          as subject_group,
    s.name_variants,
    s.printed_names,
    s.in_catalog,
    s.first_seen_year,
    s.last_seen_year
from subjects as s
left join subjects as cls on cls.economic_code = s.class_code
