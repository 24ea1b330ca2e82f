# The two commands of the README, and the helpers they use.
#   make demo   install, migrate, load demo data and serve on http://127.0.0.1:8000 (SQLite),
#               with a task worker (db_worker) beside the server: reset mails are queued by
#               the server and printed by the worker (console mail backend), as in production
#   make test   install and run the whole test suite (SQLite, or DATABASE_URL if set)
#   make lock   recompile requirements.txt / requirements-dev.txt from the *.in ranges, keeping
#               every pin that still fits (a package added to a *.in file gets locked)
#   make upgrade the same, moving every package to its newest release within the ranges

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: demo test install lint bench lock upgrade

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The locks pin every package with its hashes: a new release never reaches a checkout
# until `make lock` is run and committed.
$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt -r requirements-dev.txt
	touch $@

# The JS SDK conformance test drives the server with the published OCAPI client (needs npm).
tests/js/node_modules/.package-lock.json: tests/js/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/js --no-audit --no-fund --silent; \
	else echo "npm not found: the JS SDK test will be skipped"; fi

install: $(VENV)/.installed tests/js/node_modules/.package-lock.json

demo: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo_data
	# The worker runs the queued tasks (reset mails, exports); Ctrl-C stops both.
	DEBUG=1 $(BIN)/python manage.py db_worker --no-reload --interval 0.5 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST)

test: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

LOCK = $(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11 $(LOCK_FLAGS)

lock: $(VENV)/.installed
	$(LOCK) requirements.in -o requirements.txt
	$(LOCK) requirements-dev.in -o requirements-dev.txt

upgrade:
	$(MAKE) lock LOCK_FLAGS=--upgrade
