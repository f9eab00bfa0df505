# The README's commands. `make run` serves the demo; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PYTEST_ARGS ?=

.PHONY: run test test-db serve bench lint constraints translations translations-extract translations-update install install-dev migration

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# constraints.txt pins every dependency to the versions the suite and the load test ran with.
$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install -q -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml constraints.txt $(VENV)/.installed
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	touch $@

install: $(VENV)/.installed translations
install-dev: $(VENV)/.installed-dev translations
	@if [ -f package.json ] && command -v npm >/dev/null && [ ! -d node_modules/axe-core ]; then \
		npm install --no-audit --no-fund --silent; fi

translations: | $(BIN)/python
	@if ls app/translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel -q compile -d app/translations -f; fi

# Every translatable string in the code and templates, into the template catalogue (not committed).
translations-extract: | $(BIN)/python
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 \
		--no-location --sort-output --project Kakehashi --copyright-holder "Kakehashi" \
		-o app/translations/messages.pot .

# Re-extract and merge new strings into each language's .po (new ones arrive untranslated), then
# compile. Translate the empty msgstr entries in app/translations/ja/LC_MESSAGES/messages.po.
translations-update: translations-extract
	$(BIN)/pybabel -q update -i app/translations/messages.pot -d app/translations \
		--no-fuzzy-matching --ignore-obsolete
	$(MAKE) --no-print-directory translations

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

# After upgrading dependencies (pip install -U ... in .venv) and seeing the suite and
# benchmarks/load.py pass: record the versions that passed. Records .venv as it is (no install
# first, which could put the old pins back before they are read).
constraints: | $(BIN)/python
	{ sed -n '/^#/p' constraints.txt; $(BIN)/pip freeze --exclude-editable; } > constraints.txt.new
	mv constraints.txt.new constraints.txt

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
