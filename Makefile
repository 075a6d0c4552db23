# Two commands do all the set-up on a fresh machine:
#   make run    the site on http://127.0.0.1:8000 with the seed transcripts imported
#   make test   lint, migration check and the whole test suite
# Without DATABASE_URL both use the project's embedded PostgreSQL under var/.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
WITH_DB := $(PY) -m minutes_site.embedded_db run --
HOST ?= 127.0.0.1:8000

.PHONY: run test lint db-start db-stop clean bench-search

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(WITH_DB) sh -c '$(PY) manage.py migrate --no-input && \
	  $(PY) manage.py import_minutes seeds/ && \
	  $(PY) manage.py runserver $(HOST)'

test: $(STAMP) lint
	$(WITH_DB) sh -c '$(PY) manage.py makemigrations --check --dry-run && \
	  $(PY) -m pytest $(PYTEST_ARGS)'

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Search benchmark on a synthetic corpus of N meetings in its own database (minutes_bench);
# BENCH_ARGS=--check exits non-zero unless recall is 100 % of an ILIKE scan.
N ?= 100000
bench-search: $(STAMP)
	$(WITH_DB) $(PY) benchmarks/search_bench.py --meetings $(N) $(BENCH_ARGS)

db-start: $(STAMP)
	$(PY) -m minutes_site.embedded_db start

db-stop: $(STAMP)
	$(PY) -m minutes_site.embedded_db stop

clean: db-stop
	rm -rf $(VENV) var
