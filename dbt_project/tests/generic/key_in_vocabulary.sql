{#- column_key / row_key belong to the contract's vocabulary of the row's table
    (macros/vocabulary.sql). NULL keys are not tested (row_key is NULL on subject rows).
    table_code_column is a column of the model or an SQL literal such as "'02'". -#}
{% test column_key_in_vocabulary(model, column_name, table_code_column='table_code') %}
with m as (
    select {{ table_code_column }} as tc, {{ column_name }} as k from {{ model }}
)
select m.tc as table_code, m.k as column_key, count(*) as n_rows
from m
left join {{ column_key_values() }}
    on vocabulary.table_code = m.tc and vocabulary.column_key = m.k
where m.k is not null and vocabulary.column_key is null
group by all
{% endtest %}

{% test row_key_in_vocabulary(model, column_name, table_code_column='table_code') %}
with m as (
    select {{ table_code_column }} as tc, {{ column_name }} as k from {{ model }}
)
select m.tc as table_code, m.k as row_key, count(*) as n_rows
from m
left join {{ row_key_values() }}
    on vocabulary.table_code = m.tc and vocabulary.row_key = m.k
where m.k is not null and vocabulary.row_key is null
group by all
{% endtest %}

{% test table_code_in_vocabulary(model, column_name) %}
select m.{{ column_name }} as table_code, count(*) as n_rows
from {{ model }} as m
left join {{ table_values() }} on tables.table_code = m.{{ column_name }}
where m.{{ column_name }} is not null and tables.table_code is null
group by all
{% endtest %}
