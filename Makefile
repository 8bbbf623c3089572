# Two commands for a newcomer: `make run` and `make test`.
PYTHON_BIN ?= python3.11
VENV := .venv
PYTHON := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

# What WeasyPrint needs from Debian to draw the board pack's PDF (Pango, HarfBuzz's subsetter, a font),
# and poppler-utils, with which the tests turn that PDF into pictures to look at.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation poppler-utils

.PHONY: run test test-fast lint format assets install-run install-test pdf-libraries

run: install-run assets pdf-libraries
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py load_real_data
	$(PYTHON) manage.py create_demo_accounts
	@echo "Open http://$(HOST)/ and sign in with one of the accounts above."
	$(PYTHON) manage.py runserver $(HOST)

test: install-test assets pdf-libraries
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PYTHON) manage.py makemigrations --check --dry-run
	$(PYTHON) -m pytest -n auto

# The edit-test loop: lint and every test but the browser ones (which need Chromium and the built assets).
test-fast: install-test pdf-libraries
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PYTHON) -m pytest -n auto -m "not browser"

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Installs them with apt-get when missing (as root, or say so and how).
pdf-libraries:
	@dpkg -s $(PDF_PACKAGES) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && apt-get install -y -q $(PDF_PACKAGES); \
	  else echo "The board pack's PDF needs: sudo apt-get install $(PDF_PACKAGES)"; sudo apt-get install -y -q $(PDF_PACKAGES); fi; }

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
