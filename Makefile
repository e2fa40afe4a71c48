# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export DAGSTER_DISABLE_TELEMETRY := 1
export DO_NOT_TRACK := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export GX_ANALYTICS_ENABLED := False

.PHONY: install run test test-crawl test-fast lint bench fidelity dev clean

$(BIN)/fiscal: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON) (Python 3.11) on PATH"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(BIN)/fiscal

# Render the bundled sample reports and run the whole pipeline on them.
run: install
	$(BIN)/fiscal run --warehouse warehouse

# The whole test suite (slow tests included) but the crawl's: what CI runs. Two workers, each
# test file on one (pytest-xdist --dist loadfile: a file's session fixtures, e.g. the corpus run,
# are built once), the longest files first (tests/conftest.py LONGEST_FIRST); the 25 slowest
# tests are listed.
test: install
	$(BIN)/ruff check .
	$(BIN)/pytest -q -n 2 --dist loadfile --no-loadscope-reorder --durations=25 -m "not crawl"

# The unlabelled public crawl (../shared/corpus/crawl-2026) held to its publishing floor: 112 real
# files, ~8 CPU-minutes, which would take CI past its 20 minutes. Run it when the parser changes.
test-crawl: install
	$(BIN)/pytest -q -m crawl

# Parser and unit tests only (seconds).
test-fast: install
	$(BIN)/pytest -q -m "not slow"

lint: install
	$(BIN)/ruff check .

bench: install
	$(BIN)/python -m benchmarks.parse_and_run

# Generated 决算 reports read back by the parser, broken down by layout variable
# (PIPELINE=1 also runs the pipeline on them: published / flagged / quarantined).
SEEDS ?= 500
START ?= 0
fidelity: install
	$(BIN)/python -m samples.fidelity --seeds $(SEEDS) --start $(START) $(if $(OUT),--out $(OUT)) $(if $(PIPELINE),--pipeline)

# Dagster UI on http://127.0.0.1:$(DEV_PORT) (graph, checks, schedules, sensors), with the
# warehouse's instance (the one `fiscal run` records its runs in). Ctrl-C stops every process it
# started before the prompt returns (orchestration/dev.py runs `dagster dev` in its own session).
DEV_PORT ?= 3000
dev: install
	mkdir -p warehouse/dagster_home && cp orchestration/dagster.yaml warehouse/dagster_home/dagster.yaml
	DAGSTER_HOME=$(CURDIR)/warehouse/dagster_home $(BIN)/python -m orchestration.dev -m orchestration.definitions -p $(DEV_PORT)

clean:
	rm -rf warehouse dbt_project/target dbt_project/logs
