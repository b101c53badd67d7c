# Two commands on a fresh machine with Python 3.11: `make demo`, then `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
DB ?= sqlite:///newsgraph.db
# One stamp per installed set, each remade when pyproject.toml changes: `make demo`
# installs the runtime dependencies only; `make test` adds the test extras (Ray,
# Playwright, schemathesis, FollowTheMoney, pytest…), even into a demo's .venv.
RUNTIME = $(VENV)/.installed-runtime
TEST_EXTRAS = $(VENV)/.installed-test

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(RUNTIME): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_EXTRAS): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

demo: $(RUNTIME)
	$(BIN)/newsgraph --db $(DB) demo

lint: $(TEST_EXTRAS)
	$(BIN)/ruff check src tests bench

test: $(TEST_EXTRAS) lint
	$(BIN)/pytest -q

bench: $(TEST_EXTRAS)
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) newsgraph.db newsgraph.db-shm newsgraph.db-wal
