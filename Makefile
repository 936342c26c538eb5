# Two commands: `make run` (set up and serve the portal) and `make test` (the whole suite).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
AXE := tests/browser/node_modules/axe-core/axe.min.js

.PHONY: run test bench audit lint format check-migrations messages demo clean

# The locked packages are installed by uv (`uv pip install`: about five times faster than pip on a
# fresh virtualenv), itself installed from PyPI into the virtualenv first; where uv cannot be had
# or fails (no wheel for the platform, an index only pip is configured for), pip installs them.
UV := uv==0.13.9
INSTALL = { [ -x $(VENV)/bin/uv ] && $(VENV)/bin/uv pip install --quiet --python $(PY) -r $(1); } \
	|| { $(PY) -m pip install --quiet --upgrade pip; $(PY) -m pip install --quiet -r $(1); }

$(VENV)/bin/activate:
	@PYTHON_BIN="$$(scripts/python.sh)" && echo "Using $$PYTHON_BIN" && "$$PYTHON_BIN" -m venv $(VENV)
	@$(PY) -m pip install --quiet "$(UV)" || echo "uv could not be installed: pip will install the packages"

$(VENV)/.installed-run: requirements.lock | $(VENV)/bin/activate
	$(call INSTALL,requirements.lock)
	@touch $@

$(VENV)/.installed-dev: requirements-dev.lock | $(VENV)/bin/activate
	$(call INSTALL,requirements-dev.lock)
	@touch $@ $(VENV)/.installed-run

## run: venv, install, migrate, demo data, then serve on http://$(HOST):$(PORT)
# Links in e-mails and QR codes point at the address served here unless PORTAL_BASE_URL says.
run: export PORTAL_BASE_URL ?= http://$(HOST):$(PORT)
run: $(VENV)/.installed-run
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} $(PY) manage.py signing_demo_certificate
	DEBUG=$${DEBUG:-true} $(PY) manage.py seed_demo
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver $(HOST):$(PORT)

## test: lint, migration check, the import layers (lint-imports) and the whole pytest suite
# The suite runs in parallel (pytest-xdist): one worker per core, each on its own copy of the
# test database (tests/conftest.py). PYTEST_WORKERS=0 runs it in this one process; PYTEST_ARGS
# adds to or narrows it (`make test PYTEST_ARGS="tests/verification -x"`).
PYTEST_WORKERS ?= auto
# Python keeps its compiled modules (__pycache__, gitignored) even where the environment says not
# to (this machine and the Dockerfile set PYTHONDONTWRITEBYTECODE): otherwise every process of the
# run (each worker, each Celery worker, gunicorn and manage.py the tests start) compiles Django
# and the portal again from source, about 3 s of CPU each, and each worker's collection re-does
# pytest's assertion rewriting of every test module. Prerequisites (the migration check) inherit
# it, so the workers find the portal compiled.
test: export PYTHONDONTWRITEBYTECODE :=
test: $(VENV)/.installed-dev $(AXE) lint check-migrations
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

# axe-core, injected into pages by the accessibility browser tests; pinned in the lock file.
$(AXE): tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund
	@touch $@

## audit: known vulnerabilities in the locked packages (needs PyPI's JSON API or OSV; not in `test`)
audit: $(VENV)/.installed-dev
	$(VENV)/bin/pip-audit --strict -r requirements.lock
	$(VENV)/bin/pip-audit --strict -r requirements-dev.lock

## bench: load, query and memory figures (not a test), report in var/bench/; BENCH_QUICK=1 is shorter
bench: $(VENV)/.installed-dev
	$(PY) -m scripts.bench.run

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-migrations: $(VENV)/.installed-dev
	$(PY) manage.py makemigrations --check --dry-run

## messages: refresh and compile the English catalogue, compile the Indonesian overrides of
## Django's and allauth's strings (locale/id, kept by hand; docs/glossary.md) (needs GNU gettext)
messages: $(VENV)/.installed-dev
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=tests
	$(PY) manage.py compilemessages -l en -l id --ignore=.venv

## lock: re-resolve requirements*.lock from pyproject.toml
lock: $(VENV)/.installed-dev
	[ -x $(VENV)/bin/uv ] || $(PY) -m pip install --quiet "$(UV)"
	$(VENV)/bin/uv pip compile pyproject.toml --python-version 3.12 -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --group dev --python-version 3.12 -o requirements-dev.lock

clean:
	rm -rf $(VENV) var
