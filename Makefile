# Every target sets itself up: a fresh machine with Python 3.11 needs nothing else.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_DB := out/demo.duckdb

.PHONY: install demo test lint bench lock clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

demo: install
	rm -rf out && mkdir -p out
	$(BIN)/whowhom ingest examples/basra-2008 --db $(DEMO_DB)
	$(BIN)/whowhom run --db $(DEMO_DB)
	$(BIN)/whowhom events --db $(DEMO_DB) --format table
	$(BIN)/whowhom summary --db $(DEMO_DB)
	$(BIN)/whowhom export --db $(DEMO_DB) --format jsonl out/demo-events.jsonl
	$(BIN)/whowhom align --db $(DEMO_DB) --issues examples/basra-2008/issues.yaml
	@echo "After the Qom talks (30 March), the three actors the story turns on:"
	$(BIN)/whowhom align --db $(DEMO_DB) --issues examples/basra-2008/issues.yaml --since 2008-03-31 \
	  --actors "Mahdi Army,Iran,Iraqi government"
	$(BIN)/whowhom assess examples/basra-2008/hypotheses.yaml --db $(DEMO_DB)
	$(BIN)/whowhom report out/report.html --db $(DEMO_DB) --issues examples/basra-2008/issues.yaml \
	  --hypotheses examples/basra-2008/hypotheses.yaml --json out/report.json

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q

bench: install
	$(BIN)/python bench/bench_coding.py
	$(BIN)/python bench/bench_parallel.py
	$(BIN)/python bench/bench_analysis.py
	$(BIN)/python bench/bench_web.py

lock: install
	{ echo "# Pinned dependencies for make install / make test (Python 3.11). Regenerate with: make lock"; \
	  $(BIN)/python -m pip freeze --exclude-editable; } > requirements.lock

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache .mypy_cache
