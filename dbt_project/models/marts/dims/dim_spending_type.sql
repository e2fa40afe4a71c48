-- one row per spending type (支出类型), from seeds/spending_types.csv
select
    spending_type_key,
    spending_type_name,
    column_key_03,
    column_key_05_08,
    column_key_07,
    sort_order
from {{ ref('spending_types') }}
