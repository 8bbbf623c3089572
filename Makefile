# Two commands for a newcomer: `make run` and `make test`.
PYTHON_BIN ?= python3.11
VENV := .venv
PYTHON := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test test-fast lint format assets install-run install-test

run: install-run assets
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py load_real_data
	$(PYTHON) manage.py create_demo_accounts
	@echo "Open http://$(HOST)/ and sign in with one of the accounts above."
	$(PYTHON) manage.py runserver $(HOST)

test: install-test assets
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PYTHON) manage.py makemigrations --check --dry-run
	$(PYTHON) -m pytest

# The edit-test loop: lint and every test but the browser ones (which need Chromium and the built assets).
test-fast: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PYTHON) -m pytest -m "not browser"

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

install-run: $(VENV)/.installed-run
install-test: $(VENV)/.installed-test
assets: static_build/.built

$(VENV)/bin/python:
	$(PYTHON_BIN) -m venv $(VENV)

$(VENV)/.installed-run: requirements.txt | $(VENV)/bin/python
	$(PYTHON) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PYTHON) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

static_build/.built: node_modules/.installed assets/scss/application.scss assets/copy-assets.mjs
	npm run build
	touch $@
