# The two commands a newcomer runs: `make run` and `make test`. Everything they need is installed
# from this file and pyproject.toml.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PIP_FLAGS := --disable-pip-version-check --quiet

.PHONY: help install install-dev run serve test lint format clean gettext messages chromium

help:
	@echo "make run   - install, migrate, load reference + demo data, collect static files, serve http://$(HOST):$(PORT) (gunicorn) with the worker and the scheduler"
	@echo "make test  - install dev tools, lint, check the layer order and the types, run the whole suite (SQLite, and PostgreSQL when DATABASE_URL points at one)"

$(VENV)/bin/python:
	@PY=$$(scripts/find-python) && echo "Using $$PY" && "$$PY" -m venv $(VENV)

# Reinstalled whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install $(PIP_FLAGS) --upgrade pip
	$(BIN)/python -m pip install $(PIP_FLAGS) -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install $(PIP_FLAGS) -e '.[dev]'
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev chromium

# Debian's packages, installed only when missing (as root, `apt-get update` first): msgfmt for the
# translations, and chromium for the browser tests (never a browser downloaded by Playwright).
gettext:
	@command -v msgfmt >/dev/null 2>&1 || { echo "Installing Debian's gettext (msgfmt)"; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext; }

chromium:
	@test -x /usr/bin/chromium || { echo "Installing Debian's chromium for the browser tests"; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# Compiled catalogues (*.mo) are not in git; run from the app folder so the venv's own locale
# folders are left alone.
messages: install gettext
	cd src/smartikm && SMARTIKM_VAR_DIR=$(CURDIR)/var ../../$(BIN)/smartikm compilemessages -v0

run: install messages
	@mkdir -p var
	$(BIN)/smartikm migrate --noinput
	$(BIN)/smartikm loadref
	$(BIN)/smartikm seed_channels
	$(BIN)/smartikm demo --if-empty --ikm 2000 --seed 1
	@# Static files are collected (hashed and compressed) again only when something may have changed.
	@if [ ! -f var/static/staticfiles.json ] || [ $(VENV)/.installed -nt var/static/staticfiles.json ] || \
	  [ -n "$$(find src -path '*/static/*' -newer var/static/staticfiles.json -print -quit)" ]; then \
	  echo "$(BIN)/smartikm collectstatic --noinput"; $(BIN)/smartikm collectstatic --noinput -v0; fi
	@$(MAKE) --no-print-directory serve

serve:
	@scripts/serve $(HOST) $(PORT)

lint: install-dev
	$(BIN)/ruff check src bench
	$(BIN)/lint-imports --no-cache

format: install-dev
	$(BIN)/ruff format src bench
	$(BIN)/ruff check --fix src bench

test: install-dev messages
	$(BIN)/ruff check src bench
	@# The layer order of the apps (docs/architecture.md): an upward import fails the build.
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy
	@scripts/test-all

clean:
	rm -rf $(VENV) var build *.egg-info src/*.egg-info .mypy_cache
