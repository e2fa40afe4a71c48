-- one row per spending type (支出类型), from seeds/spending_types.csv: 人员经费 and 公用经费 are
-- parts of 基本支出 (parent_spending_type_key). Which printed columns carry each is
-- seeds/column_dimensions.csv (fct_amounts.spending_type_key).
select
    spending_type_key,
    spending_type_name,
    parent_spending_type_key,
    sort_order
from {{ ref('spending_types') }}
