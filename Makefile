# Two commands do all the set-up on a fresh machine:
#   make run    the site on http://127.0.0.1:8000 with the seed transcripts imported
#   make test   lint, migration check and the whole test suite (browser tests included)
#   make serve-prod   the site under gunicorn with DJANGO_ENV=production
# Without DATABASE_URL both use the project's embedded PostgreSQL under var/.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
WITH_DB := $(PY) -m minutes_site.embedded_db run --
HOST ?= 127.0.0.1:8000
WORKERS ?= 2
CHROMIUM := /usr/bin/chromium

BENCH_SIZES ?= 1000,10000

.PHONY: run test lint browser-deps serve-prod bench bench-check bench-search loadtest loadtest-check backup restore db-start db-stop clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(WITH_DB) sh -c '$(PY) manage.py migrate --no-input && \
	  $(PY) manage.py reindex_search --missing && \
	  $(PY) manage.py import_minutes seeds/ && \
	  $(PY) manage.py runserver $(HOST)'

test: $(STAMP) lint browser-deps
	$(WITH_DB) sh -c '$(PY) manage.py makemigrations --check --dry-run && \
	  $(PY) -m pytest $(PYTEST_ARGS)'

# The browser tests drive Debian's chromium (never a downloaded browser build) and need CJK
# fonts to render the pages as readers see them.
browser-deps:
	@test -x $(CHROMIUM) && fc-list :lang=zh | grep -q . || { \
	  apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    chromium fonts-noto-cjk; }

# Production: set SECRET_KEY and ALLOWED_HOSTS (and DATABASE_URL for a real server); TLS is
# expected to end at a proxy in front, so plain-HTTP requests are redirected to HTTPS unless
# SECURE_SSL_REDIRECT=0.
serve-prod: $(STAMP)
	@test -n "$$SECRET_KEY" || { echo "serve-prod: set SECRET_KEY" >&2; exit 2; }
	@test -n "$$ALLOWED_HOSTS" || { echo "serve-prod: set ALLOWED_HOSTS" >&2; exit 2; }
	DJANGO_ENV=production $(WITH_DB) sh -c '$(PY) manage.py check --deploy && \
	  $(PY) manage.py migrate --no-input && \
	  $(PY) manage.py collectstatic --no-input --verbosity 0 && \
	  $(VENV)/bin/gunicorn minutes_site.wsgi --bind $(HOST) --workers $(WORKERS) \
	    --access-logfile -'

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Import throughput against jieba alone on the same text and cores (see BENCHMARKS.md).
bench: $(STAMP)
	$(WITH_DB) $(PY) benchmarks/ingest_bench.py --sizes $(BENCH_SIZES)

# The same benchmark at a tiny N: checks that it runs and imports everything, times nothing.
bench-check: $(STAMP)
	$(WITH_DB) $(PY) benchmarks/ingest_bench.py --check

# The production server (gunicorn, DJANGO_ENV=production, 127.0.0.1 only) under locust at
# rising request rates, on a generated corpus of LOAD_SIZE meetings (see BENCHMARKS.md).
LOAD_SIZE ?= 100000
LOAD_RATES ?= 5,10,20,30,40,50,60
LOAD_STAMP := $(VENV)/.installed-load
$(LOAD_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,load]'
	touch $(LOAD_STAMP)

loadtest: $(LOAD_STAMP)
	$(WITH_DB) sh -c '$(PY) benchmarks/load_corpus.py --size $(LOAD_SIZE) && \
	  $(PY) benchmarks/loadtest.py --rates $(LOAD_RATES) --duration 30'

# A few seconds at 2 requests/s on a 200-meeting corpus: checks that it runs, times nothing.
loadtest-check: $(LOAD_STAMP)
	$(WITH_DB) sh -c '$(PY) benchmarks/load_corpus.py --size 200 --imported 100 && \
	  $(PY) benchmarks/loadtest.py --smoke'

# Whole-database backup in pg_dump's custom format, and its restore into an empty database
# (see README, "Backup and restore").
BACKUP ?= var/backups/minutes-$(shell date +%Y%m%d-%H%M%S).dump
backup: $(STAMP)
	$(WITH_DB) $(PY) manage.py backup_database $(BACKUP)

restore: $(STAMP)
	@test -n "$(FROM)" || { echo "restore: set FROM=path/to/backup.dump" >&2; exit 2; }
	$(WITH_DB) $(PY) manage.py restore_database $(FROM)

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
