{#- The model has as many rows as compare_model (e.g. one row per raw document). -#}
{% test equal_rowcount(model, compare_model) %}
with a as (select count(*) as n from {{ model }}),
     b as (select count(*) as n from {{ compare_model }})
select a.n as model_rows, b.n as compare_rows
from a cross join b
where a.n <> b.n
{% endtest %}
