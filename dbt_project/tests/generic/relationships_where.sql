{#- Like `relationships`, but the parent rows are restricted by `to_condition`
    (e.g. every reported document is published or flagged in report_status). -#}
{% test relationships_where(model, column_name, to, field, to_condition='true') %}
with parent as (
    select {{ field }} as parent_key from {{ to }} where {{ to_condition }}
)
select m.{{ column_name }} as child_key, count(*) as n_rows
from {{ model }} as m
left join parent on parent.parent_key = m.{{ column_name }}
where m.{{ column_name }} is not null and parent.parent_key is null
group by all
{% endtest %}
