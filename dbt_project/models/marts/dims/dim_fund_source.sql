-- one row per fund source (收入来源 / 财政拨款 kind), from seeds/fund_sources.csv. Which printed
-- columns carry each is seeds/column_dimensions.csv (fct_amounts.fund_source_key).
select
    fund_source_key,
    fund_source_name,
    parent_fund_source_key,
    is_fiscal_appropriation,
    sort_order
from {{ ref('fund_sources') }}
