# The two commands a newcomer needs are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/clipcontest
DEMO_DATA := var/demo
export CLIPCONTEST_DATA_DIR ?= var

.PHONY: demo test test-sqlite test-postgres install messages lint format bench clean

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "clipcontest needs $(PYTHON)"; exit 1; }
	scripts/system-deps.sh base
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock -e ".[test]"
	touch $(STAMP)

install: $(STAMP)
	scripts/system-deps.sh base

messages: install
	cd src/clipcontest && ../../$(BIN)/clipcontest compilemessages --verbosity 0

## make demo: the 2022 contest, demo units, clips and accounts, served on http://127.0.0.1:8000
demo: messages
	$(BIN)/clipcontest migrate --verbosity 0
	$(BIN)/clipcontest demo
	@# The background worker (fetching posts) runs beside the server and stops with it.
	$(BIN)/clipcontest db_worker --no-reload > $(CLIPCONTEST_DATA_DIR)/worker.log 2>&1 & \
	  worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  echo "worker started (log: $(CLIPCONTEST_DATA_DIR)/worker.log)"; \
	  $(BIN)/clipcontest runserver 127.0.0.1:8000

## make test: every test, on SQLite and then on PostgreSQL
test: messages
	scripts/system-deps.sh test
	$(MAKE) --no-print-directory test-sqlite
	scripts/postgres-up.sh
	$(MAKE) --no-print-directory test-postgres

test-sqlite:
	@echo "== tests on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest

test-postgres:
	@echo "== tests on PostgreSQL =="
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

requirements.lock: pyproject.toml
	$(BIN)/uv pip compile --quiet --python-version 3.11 --extra test pyproject.toml -o requirements.lock

clean:
	rm -rf $(VENV) var
