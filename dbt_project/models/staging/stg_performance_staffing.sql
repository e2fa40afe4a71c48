-- one row per staffing row of a 绩效评价基础数据表 (raw.performance_staffing): 编制数, 实际在职人数
-- and 控制率, each as printed and as a number (控制率 in percent), rename and cast only
select
    document_id,
    cast(table_no as integer)               as table_no,
    cast(page as integer)                   as page,
    authorized_text,
    cast(authorized as decimal(20, 6))      as authorized,
    actual_header,
    actual_text,
    cast(actual as decimal(20, 6))          as actual,
    control_rate_text,
    cast(control_rate as decimal(20, 6))    as control_rate,
    "top",
    bottom
from {{ source('raw', 'performance_staffing') }}
