# Engagement Portal. `make run` sets everything up and serves the site; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := wsgi.py

.PHONY: run test test-fast lint format bench bench-pages bench-publication bench-load bench-fault assets translations translations-compile db demo freeze clean help

help:
	@echo "make run    set everything up and serve http://127.0.0.1:$(PORT)"
	@echo "make test   run every test (set TEST_DATABASE_URL for PostgreSQL)"
	@echo "make lint   ruff check and format check"
	@echo "make bench  public page throughput, then no view lost under load (PostgreSQL)"
	@echo "make bench-publication  engagement, views and outcome pages with 20,000 views"
	@echo "make bench-fault  no view lost when PostgreSQL restarts mid-load (needs root)"

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.stamp-deps: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
	@touch $@

node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

engagement_portal/static/build/application.css tests/browser/axe.min.js &: node_modules/.stamp assets/scss/application.scss scripts/build-assets.mjs
	node scripts/build-assets.mjs

assets: engagement_portal/static/build/application.css tests/browser/axe.min.js

translations-compile: $(VENV)/.stamp-deps
	@if ls translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel compile --statistics -f -d translations; fi

translations: $(VENV)/.stamp-deps
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o translations/messages.pot --no-location --sort-output --project "Engagement Portal" .
	@if ls translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching; fi
	$(MAKE) translations-compile

db: $(VENV)/.stamp-deps
	APP_ENV=development $(BIN)/flask db upgrade

demo: db
	APP_ENV=development $(BIN)/flask demo load

run: $(VENV)/.stamp-deps assets translations-compile demo
	@echo ""
	@echo "Engagement Portal is at http://127.0.0.1:$(PORT)"
	@APP_ENV=development $(BIN)/flask demo sign-ins
	@echo ""
	APP_ENV=development $(BIN)/flask run --host 127.0.0.1 --port $(PORT)

# PYTEST_ARGS passes options through, e.g. `make test PYTEST_ARGS="tests/browser"`. Two
# workers by default: the accessibility crawl alone takes seven minutes on one.
PYTEST_ARGS ?= -n 2
test: $(VENV)/.stamp-deps assets translations-compile
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.stamp-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.stamp-deps
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: bench-pages bench-publication bench-load

bench-pages: $(VENV)/.stamp-deps assets translations-compile
	$(BIN)/python -m benchmarks.public_pages

# The public publication pages (engagement, views, you said we did, data.json) rendered in
# process with 20,000 views (BENCH_VIEWS); SQLite, or a throwaway database beside BENCH_PG_URL.
bench-publication: $(VENV)/.stamp-deps assets translations-compile
	$(BIN)/python -m benchmarks.publication_pages

# 50 clients give views for BENCH_LOAD_SECONDS (60) against gunicorn on a throwaway PostgreSQL
# database (BENCH_PG_URL); fails unless every confirmation shown is a stored view.
bench-load: $(VENV)/.stamp-deps assets translations-compile
	$(BIN)/python -m benchmarks.give_views_load

# The same, with PostgreSQL restarted half way through (pg_ctlcluster: run as root).
bench-fault: $(VENV)/.stamp-deps assets translations-compile
	BENCH_FAULT=1 $(BIN)/python -m benchmarks.give_views_load

freeze: $(BIN)/activate
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-find-links --no-emit-index-url -o requirements.txt requirements.in
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-find-links --no-emit-index-url -o requirements-dev.txt requirements-dev.in

clean:
	rm -rf $(VENV) node_modules engagement_portal/static/build tests/browser/axe.min.js instance .pytest_cache bench-results
