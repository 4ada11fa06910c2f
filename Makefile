# Targets mirror CI (.ci/run): `make check` is what CI runs.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: install test lint format gate browser check bench calibrate report

$(VENV)/bin/dedupe:
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -q -e '.[test]'

install: $(VENV)/bin/dedupe

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check dedupe service tests quality bench
	$(VENV)/bin/ruff format --check dedupe service tests quality bench

format: install
	$(VENV)/bin/ruff format dedupe service tests quality bench

gate: install
	$(VENV)/bin/dedupe eval --floors quality/floors.json --no-pairs

browser: install
	$(PY) -m pytest browser_tests

check: test gate browser

report: install
	$(VENV)/bin/dedupe cluster seeds/ --format html -o out/seeds.html

bench: install
	$(PY) -m bench.run

calibrate: install
	$(PY) -m quality.calibrate
