# Two commands set up everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUNNER := $(PY) platform/fritt/devtools/runner.py

.PHONY: run test setup lint format migrations bench provision manage clean stop-db

run: setup ## Start the platform with demo data on http://localhost:8000/
	$(RUNNER) run

test: setup ## Run the whole test suite against a real PostgreSQL
	$(RUNNER) test $(PYTEST_ARGS)

bench: setup ## Benchmarks side by side: announcement search with/without indexes; statistics at 357 vs 10 municipalities; joining; settlement of a city's month vs one SQL aggregate
	$(RUNNER) bench $(BENCH_ARGS)

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements/base.txt requirements/dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

lint: setup ## ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations: setup ## Make migrations (needs the embedded database running via the runner)
	$(RUNNER) manage makemigrations

provision: setup ## make provision K="4601 5001"
	$(RUNNER) manage provision_municipality $(K)

manage: setup ## make manage ARGS="create_api_token someone@example.no"
	$(RUNNER) manage $(ARGS)

stop-db:
	$(RUNNER) stop-db

clean: stop-db
	rm -rf .data staticfiles
