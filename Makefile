# Two commands: `make run` serves the app; `make test` runs the linters and the whole suite.
# Both set up .venv themselves and reinstall only when pyproject.toml changes.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.DEFAULT_GOAL := help
.PHONY: help run test test-sqlite test-fast lint format browser migrate bench clean

help:
	@echo "make run    set up .venv, migrate data/tracker.db, serve on http://$(HOST):$(PORT)"
	@echo "make test   set up .venv with test tools and Chromium, run ruff and pytest"
	@echo "make test-fast  the inner loop: pipeline and in-process tests (no server, browser, subprocess)"
	@echo "make bench  run the benchmarks in benchmarks/"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/python -m app serve --host $(HOST) --port $(PORT)

migrate: $(VENV)/.installed
	$(BIN)/python -m app db upgrade

# Browser tests drive Debian's Chromium; install it when missing (needs root, as in CI).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "chromium is missing: sudo apt-get install chromium" >&2; exit 1; \
	  fi; }

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy app

# The suite runs twice: everything on SQLite, then on a throwaway PostgreSQL server every test
# that touches a database (tests marked `nodb` have nothing to learn from a second engine).
test: $(VENV)/.installed-dev browser lint
	$(BIN)/python -m pytest
	scripts/with_postgres.sh $(BIN)/python -m pytest -m "not nodb"

test-sqlite: $(VENV)/.installed-dev browser
	$(BIN)/python -m pytest

# The inner loop: no uvicorn server, browser or subprocess CLI (markers in pyproject.toml).
FAST := not live and not browser and not slow
test-fast: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q -m "$(FAST)"

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/extract_bench.py
	$(BIN)/python benchmarks/dashboard_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
