-- The warehouse's raw schema (orchestration/warehouse.py RAW_DDL): what the parser and landing
-- store, before dbt. Idempotent (IF NOT EXISTS): run on every open; a column added later is an
-- ALTER ... ADD COLUMN IF NOT EXISTS beside its table, so an older warehouse gains it.
CREATE SCHEMA IF NOT EXISTS raw;
CREATE TABLE IF NOT EXISTS raw.documents (
    document_id VARCHAR PRIMARY KEY,
    file_name VARCHAR NOT NULL,
    file_path VARCHAR NOT NULL,
    file_size BIGINT NOT NULL,
    page_count INTEGER,
    kind VARCHAR NOT NULL,
    unit_name VARCHAR,
    fiscal_year INTEGER,
    parse_status VARCHAR NOT NULL,
    reason VARCHAR,
    reason_page INTEGER,
    narrative_total DECIMAL(20, 2),
    parser_version VARCHAR NOT NULL,
    part VARCHAR,  -- 'tables' | 'text' (a text half, a narrative 绩效 report: its statements); NULL if rejected
    ocr BOOLEAN,   -- the text was recognised from page images (a scan)
    -- UTC time this warehouse first stored the document: set once, kept when it is parsed again
    -- (orders the versions of a re-published report; NULL for rows stored before it existed)
    first_seen_at TIMESTAMP
);
-- (warehouses created before these columns existed)
ALTER TABLE raw.documents ADD COLUMN IF NOT EXISTS part VARCHAR;
ALTER TABLE raw.documents ADD COLUMN IF NOT EXISTS ocr BOOLEAN;
ALTER TABLE raw.documents ADD COLUMN IF NOT EXISTS first_seen_at TIMESTAMP;
CREATE TABLE IF NOT EXISTS raw.report_tables (
    document_id VARCHAR NOT NULL,
    table_code VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    title VARCHAR,
    first_page INTEGER,
    last_page INTEGER,
    printed_unit VARCHAR,
    unit_name VARCHAR,
    amount_count INTEGER NOT NULL,
    PRIMARY KEY (document_id, table_code)
);
CREATE TABLE IF NOT EXISTS raw.amounts (
    document_id VARCHAR NOT NULL,
    table_code VARCHAR NOT NULL,
    page INTEGER NOT NULL,
    row_no INTEGER NOT NULL,
    line_no INTEGER,
    row_label VARCHAR,
    printed_code VARCHAR,
    subject_code VARCHAR,
    row_key VARCHAR,
    column_key VARCHAR NOT NULL,
    amount DECIMAL(20, 2) NOT NULL,
    amount_text VARCHAR NOT NULL,
    printed_unit VARCHAR NOT NULL,
    x0 DOUBLE, x1 DOUBLE, top DOUBLE, bottom DOUBLE,
    PRIMARY KEY (document_id, table_code, row_no, column_key)
);
-- the x-extent of the column the amount was placed under, for the re-reader (docs/record-contract.md)
ALTER TABLE raw.amounts ADD COLUMN IF NOT EXISTS column_x0 DOUBLE;
ALTER TABLE raw.amounts ADD COLUMN IF NOT EXISTS column_x1 DOUBLE;
CREATE TABLE IF NOT EXISTS raw.vocabulary (
    kind VARCHAR NOT NULL,
    table_code VARCHAR NOT NULL,
    key_type VARCHAR NOT NULL,
    key VARCHAR NOT NULL,
    side VARCHAR,
    line_kind VARCHAR,
    name VARCHAR
);
CREATE TABLE IF NOT EXISTS raw.document_kinds (
    kind VARCHAR NOT NULL,
    phase VARCHAR,
    name VARCHAR NOT NULL
);
ALTER TABLE raw.document_kinds ADD COLUMN IF NOT EXISTS reader VARCHAR;
-- The 绩效 tables (ingest/performance): one row per table found, then its indicator rows and
-- the lines of its money block (those of tables read, of parsed documents).
CREATE TABLE IF NOT EXISTS raw.performance_tables (
    document_id VARCHAR NOT NULL,
    table_no INTEGER NOT NULL,
    family VARCHAR NOT NULL,
    doc_kind VARCHAR NOT NULL,
    scope VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    first_page INTEGER NOT NULL,
    last_page INTEGER NOT NULL,
    project VARCHAR,
    unit_name VARCHAR,
    printed_unit VARCHAR,
    status VARCHAR NOT NULL,
    reason VARCHAR,
    total_weight DECIMAL(20, 6),
    total_score DECIMAL(20, 6),
    indicator_count INTEGER NOT NULL,
    fund_line_count INTEGER NOT NULL,
    PRIMARY KEY (document_id, table_no)
);
CREATE TABLE IF NOT EXISTS raw.performance_indicators (
    document_id VARCHAR NOT NULL,
    table_no INTEGER NOT NULL,
    row_no INTEGER NOT NULL,
    page INTEGER NOT NULL,
    level1 VARCHAR, level2 VARCHAR, level3 VARCHAR,
    target VARCHAR, target_operator VARCHAR, target_value DECIMAL(24, 6), target_unit VARCHAR,
    actual VARCHAR, actual_value DECIMAL(24, 6),
    weight_text VARCHAR, weight DECIMAL(20, 6),
    score_text VARCHAR, score DECIMAL(20, 6),
    deviation VARCHAR,
    top DOUBLE, bottom DOUBLE,
    PRIMARY KEY (document_id, table_no, row_no)
);
CREATE TABLE IF NOT EXISTS raw.performance_funds (
    document_id VARCHAR NOT NULL,
    table_no INTEGER NOT NULL,
    line VARCHAR NOT NULL,
    label VARCHAR NOT NULL,
    page INTEGER NOT NULL,
    budget_initial DECIMAL(24, 6), budget_initial_text VARCHAR,
    budget_full_year DECIMAL(24, 6), budget_full_year_text VARCHAR,
    executed DECIMAL(24, 6), executed_text VARCHAR,
    execution_rate_text VARCHAR, execution_rate DECIMAL(20, 6),
    weight DECIMAL(20, 6), score DECIMAL(20, 6),
    top DOUBLE, bottom DOUBLE,
    PRIMARY KEY (document_id, table_no, line)
);
-- (the printed 分值 / 得分 of a money line: the gate's tolerance is half their last printed digit)
ALTER TABLE raw.performance_funds ADD COLUMN IF NOT EXISTS weight_text VARCHAR;
ALTER TABLE raw.performance_funds ADD COLUMN IF NOT EXISTS score_text VARCHAR;
-- (实施周期指标值 as printed: a multi-year project's target beside the year's)
ALTER TABLE raw.performance_indicators ADD COLUMN IF NOT EXISTS period_target VARCHAR;
-- (the 总分 row's values as printed and its lineage: the 绩效 re-reader finds it again)
ALTER TABLE raw.performance_tables ADD COLUMN IF NOT EXISTS total_weight_text VARCHAR;
ALTER TABLE raw.performance_tables ADD COLUMN IF NOT EXISTS total_score_text VARCHAR;
ALTER TABLE raw.performance_tables ADD COLUMN IF NOT EXISTS total_page INTEGER;
ALTER TABLE raw.performance_tables ADD COLUMN IF NOT EXISTS total_top DOUBLE;
ALTER TABLE raw.performance_tables ADD COLUMN IF NOT EXISTS total_bottom DOUBLE;
-- (湖北 整体支出绩效目标自评表: the year a target's header names, the 近两年指标值 with their years,
-- 绩效标准)
ALTER TABLE raw.performance_indicators ADD COLUMN IF NOT EXISTS target_year INTEGER;
ALTER TABLE raw.performance_indicators ADD COLUMN IF NOT EXISTS prior_year_1 INTEGER;
ALTER TABLE raw.performance_indicators ADD COLUMN IF NOT EXISTS prior_value_1 VARCHAR;
ALTER TABLE raw.performance_indicators ADD COLUMN IF NOT EXISTS prior_year_2 INTEGER;
ALTER TABLE raw.performance_indicators ADD COLUMN IF NOT EXISTS prior_value_2 VARCHAR;
ALTER TABLE raw.performance_indicators ADD COLUMN IF NOT EXISTS target_basis VARCHAR;
-- (a list of projects' money, 长沙 项目支出情况表: each row a table, its level and the table of the row it
-- adds up into; its 预算到位, 指标结余 and the reason printed beside them)
ALTER TABLE raw.performance_tables ADD COLUMN IF NOT EXISTS row_kind VARCHAR;
ALTER TABLE raw.performance_tables ADD COLUMN IF NOT EXISTS parent_table_no INTEGER;
ALTER TABLE raw.performance_funds ADD COLUMN IF NOT EXISTS budget_in_place DECIMAL(24, 6);
ALTER TABLE raw.performance_funds ADD COLUMN IF NOT EXISTS budget_in_place_text VARCHAR;
ALTER TABLE raw.performance_funds ADD COLUMN IF NOT EXISTS unspent DECIMAL(24, 6);
ALTER TABLE raw.performance_funds ADD COLUMN IF NOT EXISTS unspent_text VARCHAR;
ALTER TABLE raw.performance_funds ADD COLUMN IF NOT EXISTS unspent_reason VARCHAR;
-- A 绩效评价基础数据表 (ingest/performance/base_data.py), of a table read: its 经费 lines, one row per
-- line × column (a blank cell: amount and amount_text NULL), each line's level and the line it belongs
-- to; its staffing row; its 楼堂馆所 rows as printed; its 厉行节约保障措施 on the table's row.
CREATE TABLE IF NOT EXISTS raw.performance_base_lines (
    document_id VARCHAR NOT NULL,
    table_no INTEGER NOT NULL,
    line_no INTEGER NOT NULL,
    column_key VARCHAR NOT NULL,
    page INTEGER NOT NULL,
    label VARCHAR NOT NULL,
    line_key VARCHAR,
    level INTEGER NOT NULL,
    parent_line_no INTEGER,
    column_header VARCHAR NOT NULL,
    column_year INTEGER,
    amount_text VARCHAR,
    amount DECIMAL(24, 6),
    top DOUBLE, bottom DOUBLE,
    PRIMARY KEY (document_id, table_no, line_no, column_key)
);
CREATE TABLE IF NOT EXISTS raw.performance_staffing (
    document_id VARCHAR NOT NULL,
    table_no INTEGER NOT NULL,
    page INTEGER NOT NULL,
    authorized_text VARCHAR, authorized DECIMAL(20, 6),
    actual_header VARCHAR, actual_text VARCHAR, actual DECIMAL(20, 6),
    control_rate_text VARCHAR, control_rate DECIMAL(20, 6),
    top DOUBLE, bottom DOUBLE,
    PRIMARY KEY (document_id, table_no)
);
CREATE TABLE IF NOT EXISTS raw.performance_buildings (
    document_id VARCHAR NOT NULL,
    table_no INTEGER NOT NULL,
    row_no INTEGER NOT NULL,
    page INTEGER NOT NULL,
    approved_scale_text VARCHAR, actual_scale_text VARCHAR, scale_control_rate_text VARCHAR,
    budget_investment_text VARCHAR, actual_investment_text VARCHAR, investment_control_rate_text VARCHAR,
    top DOUBLE, bottom DOUBLE,
    PRIMARY KEY (document_id, table_no, row_no)
);
ALTER TABLE raw.performance_tables ADD COLUMN IF NOT EXISTS savings_measures VARCHAR;
CREATE TABLE IF NOT EXISTS raw.run_inputs (
    document_id VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL
);
-- Every name a document's bytes were delivered under, in any run (the same bytes twice are one
-- document: report_status names it by one name and lists the others).
CREATE TABLE IF NOT EXISTS raw.document_names (
    document_id VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    first_seen TIMESTAMP NOT NULL,
    PRIMARY KEY (document_id, file_name)
);
-- Input files of the last run that could not be landed (vanished, changed, unreadable), and why.
CREATE TABLE IF NOT EXISTS raw.run_skipped_inputs (
    file_name VARCHAR NOT NULL,
    reason VARCHAR NOT NULL
);
-- Documents an operator holds back (`fiscal quarantine`): quarantined whatever the parser reads.
CREATE TABLE IF NOT EXISTS raw.operator_quarantines (
    document_id VARCHAR PRIMARY KEY,
    reason VARCHAR NOT NULL,
    quarantined_at TIMESTAMP NOT NULL
);
