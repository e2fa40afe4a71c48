{#- Unit names as printed vary: spaces (also full-width), （）vs (), a 本级 / (本级) suffix.
    normalize_unit_name strips all of these; is_main_unit tells whether 本级 was printed;
    canonical_unit_name also resolves the names seeds/unit_aliases.csv lists.
    A unit is (normalized name, 本级 or not): 武汉市洪山区卫生健康局本级 (the bureau's own accounts)
    and 武汉市洪山区卫生健康局 (the whole department, with its sub-units) are different units. -#}

{% macro unit_name_compact(expr) -%}
    replace(replace(regexp_replace(coalesce({{ expr }}, ''), '[\s\x{3000}\x{00A0}]+', '', 'g'), '（', '('), '）', ')')
{%- endmacro %}

{% macro normalize_unit_name(expr) -%}
    nullif(regexp_replace({{ unit_name_compact(expr) }}, '\(?本级\)?$', ''), '')
{%- endmacro %}

{% macro is_main_unit(expr) -%}
    coalesce(regexp_matches({{ unit_name_compact(expr) }}, '本级\)?$'), false)
{%- endmacro %}

{#- The unit's own normalized name: the normalized printed name, or the name seeds/unit_aliases.csv
    gives for it (a department printed as 江苏省委办公厅 in its text, 中国共产党江苏省委员会办公厅 in its
    tables). -#}
{% macro canonical_unit_name(expr) -%}
    coalesce(
        (select al.canonical_name from {{ ref('unit_aliases') }} as al
         where al.alias_name = {{ normalize_unit_name(expr) }}),
        {{ normalize_unit_name(expr) }}
    )
{%- endmacro %}

{#- Stable surrogate key of a unit, computed the same way from any printed form of its name. -#}
{% macro unit_key(expr) -%}
    case when {{ normalize_unit_name(expr) }} is not null
         then left(md5({{ canonical_unit_name(expr) }} || case when {{ is_main_unit(expr) }} then '|本级' else '' end), 16)
    end
{%- endmacro %}
