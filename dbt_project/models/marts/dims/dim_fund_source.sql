-- one row per fund source (收入来源 / 财政拨款 kind), from seeds/fund_sources.csv
select
    fund_source_key,
    fund_source_name,
    parent_fund_source_key,
    is_fiscal_appropriation,
    income_row_key_01,
    column_key_02,
    column_key_04,
    appropriation_table_code,
    sort_order
from {{ ref('fund_sources') }}
