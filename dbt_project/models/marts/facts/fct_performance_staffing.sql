-- one row per staffing row (财政供养人员情况) of a 绩效评价基础数据表 of a published/flagged document:
-- 编制数, 实际在职人数 and 控制率 as printed and as numbers (控制率 in percent; rule P10 checks it
-- against 实际在职人数 / 编制数 within its printed precision)
select
    f.document_id,
    s.unit_key,
    s.fiscal_year,
    f.table_no,
    f.authorized_text,
    f.authorized,
    f.actual_header,
    f.actual_text,
    f.actual,
    f.control_rate_text,
    f.control_rate,
    f.page,
    f."top",
    f.bottom,
    s.status as report_status,
    s.is_current_version
from {{ ref('stg_performance_staffing') }} as f
inner join {{ ref('stg_performance_tables') }} as t using (document_id, table_no)
inner join {{ ref('int_document_status') }} as s using (document_id)
where s.status in {{ published_statuses() }} and t.table_status = 'read'
