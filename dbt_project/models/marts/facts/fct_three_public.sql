-- one row per (published/flagged report whose table 09 was found or printed empty, 三公 category):
-- budget (预算数) and actual (决算数) side by side. A blank cell, or a table printed empty
-- (本单位无三公经费), is a zero; a missing table 09 gives no rows.
with reports as (
    select s.document_id, s.unit_key, s.fiscal_year, s.status as report_status, s.is_current_version,
           t.table_status, t.first_page, t.printed_unit as table_printed_unit
    from {{ ref('int_document_status') }} as s
    inner join {{ ref('stg_report_tables') }} as t
        on t.document_id = s.document_id and t.table_code = '09'
    where s.status in {{ published_statuses() }}
      and t.table_status in ('found', 'empty')
),

categories as (
    select * from (values
        ('total',             '合计',                     null,            1),
        ('outbound',          '因公出国（境）费',          'total',         2),
        ('vehicle_total',     '公务用车购置及运行维护费',   'total',         3),
        ('vehicle_purchase',  '公务用车购置费',             'vehicle_total', 4),
        ('vehicle_operation', '公务用车运行维护费',         'vehicle_total', 5),
        ('reception',         '公务接待费',                 'total',         6)
    ) as c(category_key, category_name, parent_category_key, sort_order)
),

amounts as (
    select * from {{ ref('int_published_amounts') }} where table_code = '09'
),

pivoted as (
    select
        r.document_id,
        c.category_key,
        min(a.page)                                                           as page,
        min(a.row_no)                                                         as row_no,
        any_value(a.printed_unit)                                             as printed_unit,
        max(a.amount) filter (where a.column_key = 'budget_' || c.category_key)       as budget_printed,
        max(a.amount) filter (where a.column_key = 'actual_' || c.category_key)       as actual_printed,
        max(a.amount_yuan) filter (where a.column_key = 'budget_' || c.category_key)  as budget_printed_yuan,
        max(a.amount_yuan) filter (where a.column_key = 'actual_' || c.category_key)  as actual_printed_yuan
    from reports as r
    cross join categories as c
    left join amounts as a
        on a.document_id = r.document_id
       and a.column_key in ('budget_' || c.category_key, 'actual_' || c.category_key)
    group by r.document_id, c.category_key
)

select
    r.document_id,
    r.unit_key,
    r.fiscal_year,
    '09'                                                               as table_code,
    -- a blank cell lies on the table's row: the page/row of the other amounts of that row
    coalesce(p.page, min(p.page) over (partition by r.document_id), r.first_page) as page,
    coalesce(p.row_no, min(p.row_no) over (partition by r.document_id))          as row_no,
    c.category_key,
    c.category_name,
    c.parent_category_key,
    r.table_status,
    coalesce(p.printed_unit, r.table_printed_unit, '万元')             as printed_unit,
    cast(coalesce(p.budget_printed, 0) as decimal(20, 2))              as budget_amount,
    cast(coalesce(p.actual_printed, 0) as decimal(20, 2))              as actual_amount,
    cast(coalesce(p.budget_printed_yuan, 0) as decimal(24, 2))         as budget_yuan,
    cast(coalesce(p.actual_printed_yuan, 0) as decimal(24, 2))         as actual_yuan,
    p.budget_printed is not null                                       as budget_is_printed,
    p.actual_printed is not null                                       as actual_is_printed,
    cast(coalesce(p.actual_printed_yuan, 0) / nullif(coalesce(p.budget_printed_yuan, 0), 0)
         as decimal(18, 4))                                            as execution_rate,
    r.report_status,
    r.is_current_version
from reports as r
cross join categories as c
inner join pivoted as p on p.document_id = r.document_id and p.category_key = c.category_key
