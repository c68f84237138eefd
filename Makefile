# 家园 Jiayuan. `make demo` serves the demo; `make test` runs the whole suite.
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/jiayuan
# The demo's MQTT broker: deploy/mosquitto.conf on this port, its files (config, password file, ACL, pid,
# persistence, log) in var/mosquitto/. The consumer's account is SMART_MQTT_URL's (smart/broker.py).
MQTT_PORT ?= 1884
MQTT_DIR := var/mosquitto
export SMART_MQTT_URL ?= mqtt://jiayuan-ingest@127.0.0.1:$(MQTT_PORT)
BROKER_ANSWERS = python3 -c "import socket; socket.create_connection(('127.0.0.1', $(MQTT_PORT)), 2)" 2>/dev/null
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: test-sqlite-full broker load faults backup restore demo install test test-sqlite test-postgres test-browser bench bench-cases bench-services bench-smart bench-resources bench-pages bench-board bench-evaluation lint messages serve system-deps postgres

$(VENV)/.installed: pyproject.toml requirements.lock package.json package-lock.json
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q -r requirements.lock
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed

# The compiled catalogue is committed; it is rebuilt when gettext's msgfmt is present.
messages: install
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules; fi

# This installation's secret and keys (config/secrets.py), random, made on the first run. A demo database
# left from before (encrypted under the old public default key) is set aside: the demo is built again.
var/secrets.env: | $(VENV)/.installed
	mkdir -p var
	@if [ -z "$$DATABASE_URL" ] && [ -f var/jiayuan.sqlite3 ]; then mv var/jiayuan.sqlite3 var/jiayuan-before-keys.sqlite3; rm -f var/jiayuan.sqlite3-wal var/jiayuan.sqlite3-shm; \
	  echo "var/jiayuan.sqlite3 was written with the old shared demo key: kept as var/jiayuan-before-keys.sqlite3, the demo is built anew"; fi
	$(PY) -m config.secrets var/secrets.env

demo: install var/secrets.env messages
	mkdir -p var
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_demo
	$(PY) manage.py mqtt_accounts --broker-config $(MQTT_PORT)
	@echo "家园 demo: http://127.0.0.1:$(PORT)  (admin / jiayuan2021); overdue escalation every 5 minutes (var/periodic.log)"
	@echo "devices: broker 127.0.0.1:$(MQTT_PORT) (var/mosquitto/), MQTT consumer (var/ingest.log) and simulator (var/simulator.log; over HTTP to this server when no broker answers)"
	broker=; if ! $(BROKER_ANSWERS); then mosquitto -d -c $(MQTT_DIR)/mosquitto.conf && sleep 1 && broker=$$(cat $(MQTT_DIR)/mosquitto.pid); fi; \
	$(PY) manage.py periodic >> var/periodic.log 2>&1 & periodic=$$!; \
	$(PY) manage.py ingest_mqtt >> var/ingest.log 2>&1 & ingest=$$!; \
	$(PY) manage.py simulate_devices --prefer-mqtt --http http://127.0.0.1:$(PORT) --scenario all --scenario-delay 20 >> var/simulator.log 2>&1 & simulator=$$!; \
	trap 'kill $$periodic $$ingest $$simulator $$broker 2>/dev/null' EXIT; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Debian packages the browser tests need, installed when missing.
system-deps:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "noto.*cjk" || ! command -v msgfmt >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk gettext >/dev/null; fi
	@if ! command -v mosquitto >/dev/null || ! command -v mosquitto_sub >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mosquitto mosquitto-clients >/dev/null; fi

postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || (pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start && sleep 2)

# The demo's broker on its own (`make demo` starts it too, and stops it on exit): the accounts and the ACL written
# from the device registry (`manage.py mqtt_accounts`: a device logs in with its code and token and publishes under
# its own topic only; the consumer reads them all; no anonymous client), then Mosquitto is started when nothing
# answers on MQTT_PORT, or a running one is told to read its accounts again. The tests start a broker of their own
# (smart/tests/broker.py: the same configuration on a free port); the system broker on 1883 is left alone.
broker: install system-deps
	mkdir -p var
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py mqtt_accounts --broker-config $(MQTT_PORT)
	@$(BROKER_ANSWERS) || (mosquitto -d -c $(MQTT_DIR)/mosquitto.conf && sleep 1)

# CI: every test on PostgreSQL (the production database) on both cores (pytest-xdist, a module per worker so that
# a module's shared data is built once); then the browser tests beside the SQLite pass; then lint.
# The SQLite pass (the embedded default of `make demo`) runs what the database can change, SQLITE_TESTS: the demo,
# migrations and backups, core, the audit log (its retention trigger), security and keys, the scope matrix, and every
# app test file that branches on the database (connection.vendor, the ENGINE; found by grep, so a new one joins by
# itself). It runs with JIAYUAN_SQLITE_PASS=1 (core.testing.sampled): a test repeating one database-independent
# check over many inputs, all of which PostgreSQL's pass ran, runs a spread sample of them (the demo on 4 of its 20
# days, the scope matrix for 4 personas of 15: the subdistrict, a 居民区, a house and none); the consumer-lifecycle
# tests, which mentioned "sqlite" only in their own subprocess's URL (the same on both passes), left the subset.
# Measured 2026-12-08 on a fresh clone: 765 tests + 9 skipped in 8:31 beside the browser tests.
# `make test-sqlite-full` runs every test on SQLite.
# A module whose only mention of the database is `skipif(connection.vendor != "postgresql")` (row locks, concurrent
# connections) does not branch on SQLite: it stays out (its other tests do not depend on the database).
VENDOR_BRANCH := connection\.vendor|ENGINE.*sqlite3|endswith\("sqlite3"\)
SQLITE_TESTS := demo core audit tests/test_scope_matrix.py tests/test_security.py tests/test_keys.py tests/test_personal_data.py \
	$(filter-out demo/% core/% audit/%,$(shell for f in $$(grep -rlE --include='test_*.py' '$(VENDOR_BRANCH)' $(filter-out tests/,$(wildcard */tests/)) 2>/dev/null); do \
	  grep -E '$(VENDOR_BRANCH)' $$f | grep -qvE 'skipif.connection.vendor != "postgresql"' && echo $$f; done))
XDIST ?= -n 2 --dist loadfile
test: install system-deps messages postgres
	$(MAKE) test-postgres
	$(MAKE) -j2 --output-sync=target test-sqlite test-browser
	$(MAKE) lint

test-postgres: install postgres
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -q -m "not browser" $(XDIST)

test-sqlite: install
	JIAYUAN_SQLITE_PASS=1 $(PY) -m pytest -q -m "not browser" $(SQLITE_TESTS)

test-sqlite-full: install
	$(PY) -m pytest -q -m "not browser" $(XDIST)

# BROWSER_WORKERS=2: xdist workers, each with its own live server, test database and Chromium; 0: one process.
# The tests are dealt out one by one (--dist load), the crawl's personas too: the crawl was one file of half the
# run, which kept one worker busy to the end; its personas now share which pages axe has checked across the
# workers (tests/browser/test_crawl.py, AxeChecked), so axe still checks each kind and shape of page once.
BROWSER_WORKERS ?= 2
test-browser: install system-deps
	$(PY) -m pytest -q -m browser -n $(BROWSER_WORKERS) --dist load

lint: install
	$(VENV)/bin/ruff check .

bench: install postgres
	DATABASE_URL=$(PG_URL)_bench $(PY) bench/run.py

# The same database plus 1,000,000 cases: workbench list, Open311 GET requests, indicators (bench/cases.py).
bench-cases: install postgres
	DATABASE_URL=$(PG_URL)_bench $(PY) bench/cases.py

# 200 concurrent booking attempts on one slot of 20 places: exactly 20 winners, the rest waitlisted; throughput against plain reads (bench/services_booking.py).
bench-services: install postgres
	DATABASE_URL=$(PG_URL)_bench $(PY) bench/services_booking.py

# Every page of the navigation, as each demo persona sees it, on the demo database (DATABASE_URL, else `make demo`'s SQLite;
# loaded when missing): server time in process, slowest first, against the sign-in page; fails over BENCH_PAGE_LIMIT_MS (300).
bench-pages: install var/secrets.env messages
	mkdir -p var
	$(PY) bench/nav_pages.py

# The resolutions board and the meetings list at 100,000 actions: first pages against a primary-key lookup (bench/resolutions_board.py).
bench-board: install postgres var/secrets.env
	DATABASE_URL=$(PG_URL)_bench_board $(PY) bench/resolutions_board.py

# 资源库: ranking one need among 100,000 resources against a plain indexed query (bench/resources_rank.py), then a round of
# 5,000 needs x 5,000 resources: time, and the optimal total score against greedy (bench/resources_round.py). Own rows, deleted after.
bench-resources: install postgres
	DATABASE_URL=$(PG_URL)_bench $(PY) bench/resources_rank.py
	DATABASE_URL=$(PG_URL)_bench $(PY) bench/resources_round.py

# 物业服务评价: every estate of the 20 subdistricts scored for a quarter (every indicator, every computation stored), with
# 1,000,000 cases, against one plain aggregate over the quarter's cases (bench/evaluation_scores.py). Target: under 10 s.
bench-evaluation: install postgres
	DATABASE_URL=$(PG_URL)_bench $(PY) bench/evaluation_scores.py

# Devices: a dedicated Mosquitto (deploy/mosquitto.conf, port 18830), telemetry from 50 devices through
# `manage.py ingest_mqtt` with 1 and 2 consumers against a bare counting subscriber, and the latency
# of a trapped-passenger alarm against a plain round trip (bench/smart_ingest.py).
bench-smart: install postgres
	DATABASE_URL=$(PG_URL)_bench $(PY) bench/smart_ingest.py

# Backups: `make backup` writes var/backups/jiayuan-<time>.(sqlite3|dump) for the database in DATABASE_URL;
# `make restore FILE=...` replaces that database's content with the backup's (stop the server first).
backup: install
	$(PY) manage.py backup

restore: install
	@test -n "$(FILE)" || (echo "usage: make restore FILE=var/backups/<file>"; exit 2)
	$(PY) manage.py restore "$(FILE)"

# Load: gunicorn (3 workers x 4 threads, DEBUG=False, PostgreSQL) under the locust mix for LOAD_SECONDS,
# with the same server's /healthz throughput measured in the same run. Fails on any error.
LOAD_SECONDS ?= 60
LOAD_USERS ?= 20
load: install postgres
	$(PY) loadtest/run.py --users $(LOAD_USERS) --seconds $(LOAD_SECONDS)

# Faults: the same, with PostgreSQL restarted a third of the way in; checks recovery, no lost
# acknowledged write, no half-written record. Then device ingestion (bench/smart_faults.py): a consumer
# killed, the broker restarted, PostgreSQL restarted; every message the broker acknowledged stored once.
faults: install postgres
	$(PY) loadtest/run.py --users $(LOAD_USERS) --seconds $(LOAD_SECONDS) --faults
	DATABASE_URL=$(PG_URL)_smart_faults $(PY) bench/smart_faults.py
