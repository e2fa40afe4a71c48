{#- Exact amount in 元 from an amount as printed: 1 万元 = 10000 元. NULL for an unknown unit. -#}
{% macro to_yuan(amount, printed_unit) -%}
    cast(case {{ printed_unit }}
        when '万元' then cast({{ amount }} as decimal(24, 2)) * 10000
        when '元' then cast({{ amount }} as decimal(24, 2))
    end as decimal(24, 2))
{%- endmacro %}

{#- A decimal as text without trailing zeros: 0.0100 -> 0.01, 5.0000 -> 5, NULL -> '?' -#}
{% macro decimal_text(expr) -%}
    coalesce(
        case when position('.' in cast({{ expr }} as varchar)) > 0
             then rtrim(rtrim(cast({{ expr }} as varchar), '0'), '.')
             else cast({{ expr }} as varchar) end,
        '?')
{%- endmacro %}

{#- Growth ratio (current - previous) / previous, NULL when previous is NULL or zero. -#}
{% macro yoy_ratio(current, previous) -%}
    cast(({{ current }} - {{ previous }}) / nullif({{ previous }}, 0) as decimal(18, 4))
{%- endmacro %}
