{#- A report's status (docs/checks.md, "A report's status"): the one definition. dbt's
    int_document_status uses it, and the gate's coverage guard renders this same file with plain
    Jinja (expectations/gate.py), so the two can never disagree. `parse_errors` and
    `publisher_inconsistencies` count the failed instances of blocking rules, `warnings` the
    failed instances of warning rules (whatever their verdict: a warning flags, never quarantines). -#}
{% macro report_status(parse_status, parse_errors, publisher_inconsistencies, warnings) -%}
    case
        when {{ parse_status }} = 'rejected' then 'rejected'
        when {{ parse_status }} = 'quarantined' or coalesce({{ parse_errors }}, 0) > 0 then 'quarantined'
        when coalesce({{ publisher_inconsistencies }}, 0) > 0 or coalesce({{ warnings }}, 0) > 0 then 'flagged'
        else 'published'
    end
{%- endmacro %}

{#- The statuses whose reports reach the marts (a flagged report is published with its flag). -#}
{% macro published_statuses() -%}
    ('published', 'flagged')
{%- endmacro %}
