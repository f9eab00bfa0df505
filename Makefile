# The README's commands. `make run` serves the demo; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PYTEST_ARGS ?=

.PHONY: run test test-db serve bench lint translations install install-dev migration

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed translations
install-dev: $(VENV)/.installed-dev translations
	@if [ -f package.json ] && command -v npm >/dev/null && [ ! -d node_modules/axe-core ]; then \
		npm install --no-audit --no-fund --silent; fi

translations: | $(BIN)/python
	@if ls app/translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel compile -q -d app/translations -f; fi

run: install
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	$(FLASK) match rebuild --if-empty
	$(FLASK) run --host 127.0.0.1 --port 5000

test: install-dev
	$(BIN)/python -m pytest -n 2 -q $(PYTEST_ARGS)

# The database-facing part of the suite against KAKEHASHI_TEST_DATABASE_URL (PostgreSQL).
test-db: install-dev
	$(BIN)/python -m pytest -n 2 -q -m "not e2e" --ignore=tests/unit $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check app tests benchmarks

# Until the first release the schema is one initial revision: regenerate it after model changes.
# 0002 (hand-written, PostgreSQL-only trigram indexes) is set aside meanwhile and put back.
migration: install
	rm -f migrations/versions/0001_initial_schema.py
	tmp=$$(mktemp -d) && mv migrations/versions/0002_*.py $$tmp/ && \
	  { KAKEHASHI_DATABASE_URL=sqlite:///$$tmp/m.sqlite3 $(FLASK) db migrate -m "initial schema" --rev-id 0001; \
	    status=$$?; mv $$tmp/0002_*.py migrations/versions/; rm -rf $$tmp; exit $$status; }

serve: install
	$(FLASK) db upgrade
	$(BIN)/gunicorn -c gunicorn.conf.py wsgi:app
