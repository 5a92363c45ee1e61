# Cuesheet: the two commands a fresh machine needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install axe run serve superuser test test-next python-next bench bench-writes lint format migrate demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when requirements.txt changes.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

# From the npm registry, for the browser tests: axe-core (accessibility) and vnu-jar
# (the Nu HTML Checker, run with the machine's Java). One install, so neither prunes the other.
AXE_CORE_VERSION := 4.14.1
VNU_JAR_VERSION := 26.9.27
AXE_CORE := $(VENV)/npm/.checkers-axe-$(AXE_CORE_VERSION)-vnu-$(VNU_JAR_VERSION)
$(AXE_CORE): | $(BIN)/python
	@if command -v npm >/dev/null; then \
		npm install --silent --prefix $(VENV)/npm --no-audit --no-fund --no-save \
			axe-core@$(AXE_CORE_VERSION) vnu-jar@$(VNU_JAR_VERSION) && touch $@; \
	else \
		echo "!! npm is missing: the browser accessibility and HTML checks will fail (apt-get install npm)"; \
	fi
	@command -v java >/dev/null || echo "!! java is missing: the HTML check will fail (apt-get install default-jre-headless)"

axe: $(AXE_CORE)

migrate: install
	DEBUG=1 $(BIN)/python manage.py migrate --no-input

demo: migrate
	DEBUG=1 $(BIN)/python manage.py load_demo

## An account for the admin, on the local database.
superuser: migrate
	DEBUG=1 $(BIN)/python manage.py createsuperuser

## Create .venv, install, migrate SQLite, load the demo data, serve on 127.0.0.1:8000.
run: demo
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

## Production-style: Gunicorn + WhiteNoise on $(BIND). Needs SECRET_KEY (and ALLOWED_HOSTS) in
## the environment; behind a TLS proxy on loopback add SECURE_SSL_REDIRECT=0 USE_X_FORWARDED_PROTO=1.
## Without CACHE_URL/REDIS_URL the workers share a file cache, so edits reach every worker's pages.
BIND ?= 127.0.0.1:8000
serve: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py collectstatic --no-input -v0
	if [ -z "$$CACHE_URL$$REDIS_URL" ]; then export CACHE_URL=filecache:///tmp/cuesheet-cache; fi; \
	BIND=$(BIND) exec $(BIN)/gunicorn -c config/gunicorn.conf.py

## Install and run the whole test suite (DATABASE_URL picks the database). The browser tests
## run when /usr/bin/chromium exists; screenshots of every page type land in screenshots/.
test: install axe
	$(BIN)/python -m pytest

## The suite once more on the newest Django release, which needs Python 3.12: in .venv-next,
## requirements.txt with Django upgraded past its pin (the other pins stay). SQLite unless
## DATABASE_URL says otherwise. PYTHON_NEXT=/path/to/python3.12 picks the interpreter.
VENV_NEXT := .venv-next
PYTHON_NEXT ?= $(firstword $(shell python3.12 -c 'import sys; print(sys.executable)' 2>/dev/null) \
	$(wildcard /root/.pyenv/versions/3.12*/bin/python3.12))

python-next:
	@echo $(PYTHON_NEXT)

test-next: axe
	@test -n "$(PYTHON_NEXT)" || { echo "No Python 3.12 found (python3.12 on PATH, or pyenv's): set PYTHON_NEXT"; exit 1; }
	test -x $(VENV_NEXT)/bin/python || $(PYTHON_NEXT) -m venv $(VENV_NEXT)
	sed 's/^Django==.*/Django/' requirements.txt > $(VENV_NEXT)/requirements.txt
	$(VENV_NEXT)/bin/python -m pip install --quiet --upgrade pip
	$(VENV_NEXT)/bin/python -m pip install --quiet --upgrade -r $(VENV_NEXT)/requirements.txt
	$(VENV_NEXT)/bin/python -m django --version
	$(VENV_NEXT)/bin/python -m pytest

## Benchmarks (not tests): Gunicorn + wrk page table, each row's req/s also as a ratio to a bare
## WSGI baseline (bench/bare_wsgi.py), medians of interleaved rounds, at demo size and 1,000,000
## scenes, on SQLite and on PostgreSQL + Redis; then search and autocomplete latency on the
## 1,000,000-scene catalogue. Knobs: BENCH_SECONDS (10), BENCH_ROUNDS (3), BENCH_DATABASES
## (sqlite,postgres), BENCH_SIZES (demo,1m), BENCH_PORT (8500).
bench: install
	@command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 1; }
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/questions.py

## Load with writes (not a test): Gunicorn with its default workers, wrk on the episode page, a
## comment and an admin save a second; prints writes attempted, acknowledged, failed and lost,
## and stale pages seen, on SQLite and on PostgreSQL + Redis (see bench/writes.py for the knobs).
bench-writes: install
	$(BIN)/python bench/writes.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) $(VENV_NEXT) db.sqlite3 staticfiles .pytest_cache .ruff_cache
