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

BENCH_SIZES ?= 1000,10000

.PHONY: run test lint bench bench-check db-start db-stop clean

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

# Import throughput against jieba alone on the same text and cores (see BENCHMARKS.md).
bench: $(STAMP)
	$(WITH_DB) $(PY) benchmarks/ingest_bench.py --sizes $(BENCH_SIZES)

# The same benchmark at a tiny N: checks that it runs and imports everything, times nothing.
bench-check: $(STAMP)
	$(WITH_DB) $(PY) benchmarks/ingest_bench.py --check

db-start: $(STAMP)
	$(PY) -m minutes_site.embedded_db start

db-stop: $(STAMP)
	$(PY) -m minutes_site.embedded_db stop

clean: db-stop
	rm -rf $(VENV) var
