{#- The row_key / column_key vocabularies of docs/record-contract.md, in one place.
    Used by the generic tests (column_key_in_vocabulary, row_key_in_vocabulary) and by
    fct_summary_lines (the meaning of each summary line). -#}

{% macro fiscal_column_keys() -%}
{%- set three_public = ['total', 'outbound', 'vehicle_total', 'vehicle_purchase', 'vehicle_operation', 'reception'] -%}
{%- set t09 = [] -%}
{%- for side in ['budget', 'actual'] -%}{%- for c in three_public -%}{%- do t09.append(side ~ '_' ~ c) -%}{%- endfor -%}{%- endfor -%}
{{ return({
    '01': ['amount'],
    '02': ['total', 'fiscal_appropriation', 'superior_subsidy', 'business', 'operating', 'affiliated', 'other'],
    '03': ['total', 'basic', 'project', 'remit_superior', 'operating', 'subsidy_affiliates'],
    '04': ['amount', 'total', 'general_budget', 'gov_fund', 'state_capital'],
    '05': ['total', 'basic', 'project'],
    '06': ['amount'],
    '07': ['carryover_begin', 'income', 'expense_total', 'expense_basic', 'expense_project', 'carryover_end'],
    '08': ['total', 'basic', 'project'],
    '09': t09,
}) }}
{%- endmacro %}

{#- Summary (non-subject) lines: table -> row_key -> [side, line_kind, canonical label].
    line_kind: item (an income source of 01/04), subtotal (本年收入/支出合计), carryover,
    surplus (使用非财政拨款结余 / 结余分配), grand_total (总计), total (合计 row of 02/03/05/07/08),
    group_total (06 人员经费合计 / 公用经费合计), three_public (the 09 row). -#}
{% macro fiscal_row_keys() -%}
{%- set subject_table_rows = {'total': ['table', 'total', '合计']} -%}
{{ return({
    '01': {
        'inc_general_budget': ['income', 'item', '一般公共预算财政拨款收入'],
        'inc_gov_fund': ['income', 'item', '政府性基金预算财政拨款收入'],
        'inc_state_capital': ['income', 'item', '国有资本经营预算财政拨款收入'],
        'inc_superior_subsidy': ['income', 'item', '上级补助收入'],
        'inc_business': ['income', 'item', '事业收入'],
        'inc_operating': ['income', 'item', '经营收入'],
        'inc_affiliated': ['income', 'item', '附属单位上缴收入'],
        'inc_other': ['income', 'item', '其他收入'],
        'inc_total_current': ['income', 'subtotal', '本年收入合计'],
        'inc_use_non_fiscal_surplus': ['income', 'surplus', '使用非财政拨款结余（含专用结余）'],
        'inc_carryover_begin': ['income', 'carryover', '年初结转和结余'],
        'inc_grand_total': ['income', 'grand_total', '总计'],
        'exp_total_current': ['expense', 'subtotal', '本年支出合计'],
        'exp_surplus_distribution': ['expense', 'surplus', '结余分配'],
        'exp_carryover_end': ['expense', 'carryover', '年末结转和结余'],
        'exp_grand_total': ['expense', 'grand_total', '总计'],
    },
    '02': subject_table_rows,
    '03': subject_table_rows,
    '04': {
        'inc_general_budget': ['income', 'item', '一般公共预算财政拨款'],
        'inc_gov_fund': ['income', 'item', '政府性基金预算财政拨款'],
        'inc_state_capital': ['income', 'item', '国有资本经营预算财政拨款'],
        'inc_total_current': ['income', 'subtotal', '本年收入合计'],
        'inc_carryover_begin': ['income', 'carryover', '年初财政拨款结转和结余'],
        'inc_carryover_begin_general_budget': ['income', 'carryover', '年初结转和结余：一般公共预算财政拨款'],
        'inc_carryover_begin_gov_fund': ['income', 'carryover', '年初结转和结余：政府性基金预算财政拨款'],
        'inc_carryover_begin_state_capital': ['income', 'carryover', '年初结转和结余：国有资本经营预算财政拨款'],
        'inc_grand_total': ['income', 'grand_total', '总计'],
        'exp_total_current': ['expense', 'subtotal', '本年支出合计'],
        'exp_carryover_end': ['expense', 'carryover', '年末财政拨款结转和结余'],
        'exp_grand_total': ['expense', 'grand_total', '总计'],
    },
    '05': subject_table_rows,
    '06': {
        'personnel_total': ['table', 'group_total', '人员经费合计'],
        'public_total': ['table', 'group_total', '公用经费合计'],
    },
    '07': subject_table_rows,
    '08': subject_table_rows,
    '09': {'three_public': ['table', 'three_public', '财政拨款“三公”经费']},
}) }}
{%- endmacro %}

{#- The vocabulary as an inline relation: (table_code, column_key) -#}
{% macro column_key_values() -%}
    (values
    {%- set sep = joiner(',') -%}
    {%- for table, keys in fiscal_column_keys().items() -%}
        {%- for key in keys %}
        {{ sep() }} ('{{ table }}', '{{ key }}')
        {%- endfor -%}
    {%- endfor %}
    ) as vocabulary(table_code, column_key)
{%- endmacro %}

{#- The vocabulary as an inline relation: (table_code, row_key, side, line_kind, line_name) -#}
{% macro row_key_values() -%}
    (values
    {%- set sep = joiner(',') -%}
    {%- for table, keys in fiscal_row_keys().items() -%}
        {%- for key, meta in keys.items() %}
        {{ sep() }} ('{{ table }}', '{{ key }}', '{{ meta[0] }}', '{{ meta[1] }}', '{{ meta[2] }}')
        {%- endfor -%}
    {%- endfor %}
    ) as vocabulary(table_code, row_key, side, line_kind, line_name)
{%- endmacro %}
