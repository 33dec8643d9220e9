# lokalsundhed — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-18s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the project

var:
	@mkdir -p var

migrate: $(STAMP) var ## Apply database migrations
	$(PY) manage.py migrate --noinput

demo: migrate ## Load (or refresh) the demo data and print the demo logins
	$(PY) manage.py load_demo

run: demo ## Set up everything, then serve on http://127.0.0.1:8000 with the worker beside it
	@trap 'kill 0' EXIT INT TERM; \
	$(PY) manage.py run_huey --quiet & \
	$(PY) manage.py runserver 127.0.0.1:8000

serve: $(STAMP) ## Production-style server: granian (WSGI) — set the production environment first
	$(VENV)/bin/granian --interface wsgi --host 0.0.0.0 --port 8000 --workers 2 --blocking-threads 4 --backpressure 8 --workers-kill-timeout 30 lokalsundhed.wsgi:application

worker: $(STAMP) ## Run the background worker alone
	$(PY) manage.py run_huey

test: $(STAMP) ## Run the whole test suite (in parallel, one process per core)
	$(PY) -m pytest -q -n auto --dist worksteal

lint: $(STAMP) ## ruff, mypy, the import floors (import-linter) and Django's system checks
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy lokalsundhed
	$(VENV)/bin/lint-imports
	$(PY) manage.py check

check-migrations: $(STAMP) ## Fail when a model change has no migration
	$(PY) manage.py makemigrations --check --dry-run

bench: $(STAMP) ## Benchmarks (national data generation, audit log under concurrent load, pages, a working day's mix, fault drill)
	$(PY) -m lokalsundhed.bench

totp: $(STAMP) ## Print the current two-factor code of a demo user: make totp EMAIL=...
	$(PY) manage.py demo_totp "$(EMAIL)"

messages: $(STAMP) ## Extract and compile translations (needs GNU gettext)
	cd lokalsundhed && ../$(PY) ../manage.py makemessages -l da -l en --no-obsolete --add-location file && ../$(PY) ../manage.py compilemessages

vendor: ## Refresh the vendored DKFDS, htmx and axe-core files from npm
	bash scripts/vendor.sh

clean: ## Remove the virtualenv and local data
	rm -rf $(VENV) var

.PHONY: help install migrate demo run serve worker test lint check-migrations bench totp messages vendor clean
