-- one row per fiscal year from the first to the last year of any document (no gaps)
with bounds as (
    select min(fiscal_year) as first_year, max(fiscal_year) as last_year
    from {{ ref('stg_documents') }}
    where fiscal_year is not null
),

years as (
    select cast(y.fiscal_year as integer) as fiscal_year, b.last_year
    from bounds as b,
         generate_series(b.first_year, b.last_year) as y(fiscal_year)
    where b.first_year is not null
),

documents as (
    select
        fiscal_year,
        count(*)                                       as documents,
        count(*) filter (where kind = 'final_accounts') as final_accounts_documents
    from {{ ref('stg_documents') }}
    where fiscal_year is not null
    group by fiscal_year
)

select
    y.fiscal_year,
    make_date(y.fiscal_year, 1, 1)                          as year_start_date,
    make_date(y.fiscal_year, 12, 31)                        as year_end_date,
    y.fiscal_year - 1                                       as previous_fiscal_year,
    y.fiscal_year = y.last_year                             as is_latest_year,
    cast(coalesce(d.documents, 0) as integer)               as documents,
    cast(coalesce(d.final_accounts_documents, 0) as integer) as final_accounts_documents
from years as y
left join documents as d using (fiscal_year)
