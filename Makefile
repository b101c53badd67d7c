# Two commands on a fresh machine with Python 3.11: `make demo`, then `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
DB ?= sqlite:///newsgraph.db

.PHONY: demo test lint bench clean

$(BIN)/newsgraph: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

demo: $(BIN)/newsgraph
	$(BIN)/newsgraph --db $(DB) demo

lint: $(BIN)/newsgraph
	$(BIN)/ruff check src tests bench

test: $(BIN)/newsgraph lint
	$(BIN)/pytest -q

bench: $(BIN)/newsgraph
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) newsgraph.db newsgraph.db-shm newsgraph.db-wal
