-- one row per budget unit: (normalized name, 本级 or not); see macros/units.sql
-- (a rejected file names no unit of ours: the blank template's 上海市XX局 is not one)
with printed as (
    select d.unit_name, d.fiscal_year, d.document_id
    from {{ ref('stg_documents') }} as d
    where d.unit_name is not null and d.parse_status <> 'rejected'
    union all
    select t.unit_name, d.fiscal_year, d.document_id
    from {{ ref('stg_report_tables') }} as t
    inner join {{ ref('stg_documents') }} as d using (document_id)
    where t.unit_name is not null and d.parse_status <> 'rejected'
),

names as (
    select
        {{ unit_key('unit_name') }}            as unit_key,
        unit_name,
        {{ canonical_unit_name('unit_name') }} as normalized_name,
        {{ is_main_unit('unit_name') }}        as is_main_unit,
        count(*)                               as times_printed,
        max(fiscal_year)                       as last_year
    from printed
    group by all
    having {{ normalize_unit_name('unit_name') }} is not null
),

units as (
    select
        unit_key,
        -- the form that is the unit's own name (not an alias), then the one printed most often,
        -- then the most recent, then the first alphabetically
        first(unit_name order by ({{ normalize_unit_name('unit_name') }} = normalized_name) desc,
                                 times_printed desc, last_year desc nulls last, unit_name) as unit_name,
        any_value(normalized_name)                                    as normalized_name,
        any_value(is_main_unit)                                       as is_main_unit,
        string_agg(distinct unit_name, ' | ' order by unit_name)      as printed_names
    from names
    group by unit_key
),

activity as (
    select
        {{ unit_key('unit_name') }} as unit_key,
        min(fiscal_year)            as first_fiscal_year,
        max(fiscal_year)            as last_fiscal_year,
        count(distinct document_id) as documents
    from printed
    group by all
),

-- 湖北省? 武汉市 青山区 医疗保健办公室: province, city, district, then the department
p1 as (
    select
        *,
        nullif(regexp_extract(normalized_name,
            '^(北京市|天津市|上海市|重庆市|[^省区县市州]{2,8}?省|[^省区县市州]{2,10}?自治区)', 1), '') as name_province
    from units
),

p2 as (
    select
        *,
        substr(normalized_name, coalesce(length(name_province), 0) + 1) as rest1
    from p1
),

p3 as (
    select
        *,
        case
            when name_province in ('北京市', '天津市', '上海市', '重庆市') then name_province
            else nullif(regexp_extract(rest1, '^([^省区县市州]{1,10}?(?:自治州|市|州|地区|盟))', 1), '')
        end as name_city
    from p2
),

p4 as (
    select
        *,
        case when name_province in ('北京市', '天津市', '上海市', '重庆市') then rest1
             else substr(rest1, coalesce(length(name_city), 0) + 1) end as rest2
    from p3
),

p5 as (
    select
        *,
        nullif(regexp_extract(rest2, '^([^省区县市州]{2,6}?(?:区|县|市|旗))', 1), '') as district_candidate
    from p4
),

p6 as (
    select
        *,
        -- 社区/园区/街区… end many department names but are not districts
        case when regexp_matches(district_candidate, '(社|园|小|景|片|街|辖|校)区$') then null
             else district_candidate end as name_district
    from p5
),

regions as (
    select * from {{ ref('regions') }}
),

cities as (
    select distinct province, province_code, city, city_code from regions
),

matched as (
    select
        p.*,
        r.province      as r_province,
        r.city          as r_city,
        r.district_code as r_district_code,
        c.province      as c_province,
        c.city_code     as c_city_code,
        count(r.district_code) over (partition by p.unit_key) as n_district_matches
    from p6 as p
    left join regions as r
        on r.district = p.name_district and (p.name_city is null or r.city = p.name_city)
    left join cities as c
        on c.city = p.name_city
)

select
    m.unit_key,
    m.unit_name,
    m.normalized_name,
    m.printed_names,
    m.is_main_unit,
    nullif(substr(m.rest2, coalesce(length(m.name_district), 0) + 1), '') as department,
    m.name_district                                                      as district,
    coalesce(m.name_city, case when m.n_district_matches = 1 then m.r_city end) as city,
    coalesce(m.name_province, case when m.n_district_matches = 1 then m.r_province end,
             m.c_province)                                               as province,
    coalesce(case when m.n_district_matches = 1 then m.r_district_code end,
             m.c_city_code)                                              as region_code,
    a.first_fiscal_year,
    a.last_fiscal_year,
    cast(a.documents as integer)                                         as documents
from matched as m
left join activity as a using (unit_key)
-- a district name found under two cities of the seed (city not printed): leave the code out
qualify row_number() over (partition by m.unit_key order by m.r_district_code) = 1
