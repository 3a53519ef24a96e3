# The two commands a newcomer needs are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/clipcontest
# The RQ tests' own Redis database (they empty its queue), apart from a worker's default 0.
RQ_REDIS_URL ?= redis://127.0.0.1:6379/15
DEMO_DATA := var/demo
export CLIPCONTEST_DATA_DIR ?= var

.PHONY: audit demo test test-sqlite test-postgres test-rq install messages lint format bench clean

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "clipcontest needs $(PYTHON)"; exit 1; }
	scripts/system-deps.sh base
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade uv
	@# Every dependency pinned with its hashes; the project itself on top, without resolving again.
	$(BIN)/uv pip install --quiet --python $(BIN)/python --require-hashes -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
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
	$(MAKE) --no-print-directory audit
	$(MAKE) --no-print-directory test-sqlite
	scripts/postgres-up.sh
	$(MAKE) --no-print-directory test-postgres
	scripts/redis-up.sh
	$(MAKE) --no-print-directory test-rq

test-sqlite:
	@echo "== tests on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest

test-postgres:
	@echo "== tests on PostgreSQL =="
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest

## make test-rq: the production task profile: tasks queued on Redis, run by a real RQ worker
## (the rest of the suite queues nothing a worker would run; DEPLOY.md says why)
test-rq:
	@echo "== tasks on RQ (Redis), PostgreSQL =="
	CLIPCONTEST_TASKS=rq REDIS_URL=$(RQ_REDIS_URL) DATABASE_URL=$(POSTGRES_URL) $(BIN)/clipcontest check
	CLIPCONTEST_TASKS=rq REDIS_URL=$(RQ_REDIS_URL) DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest -m rq

## make audit: risky code (bandit, medium severity and up) and known vulnerabilities in the
## locked dependencies (pip-audit; says "skipped" where the advisories cannot be reached)
audit: install
	@echo "== bandit and pip-audit =="
	$(BIN)/bandit -r src -c bandit.yaml --severity-level medium --quiet
	$(BIN)/python scripts/audit_dependencies.py requirements.lock

## make bench: clipcontest beside pretalx at 5,000 and 10,000 clips, into bench/RESULTS.md
## (not a test; about an hour; BENCH_SKIP_PEER=1 leaves pretalx out, BENCH_ARGS adds flags)
bench: messages
	BENCH_SKIP_PEER=$(BENCH_SKIP_PEER) $(BIN)/python bench/run.py $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

requirements.lock: pyproject.toml
	$(BIN)/uv pip compile --quiet --python-version 3.11 --extra test --generate-hashes pyproject.toml -o requirements.lock

clean:
	rm -rf $(VENV) var
