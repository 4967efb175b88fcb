# The two commands: `make demo` builds the sample portfolio's reports, `make test` runs every test.
# Both create .venv with the pinned dependencies when it is missing or pyproject.toml changed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test check clean bench

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m pmtools.cpm._compiled  # compile the levelling kernels once (numba caches them)
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/pmtools check examples/*/
	$(VENV)/bin/pmtools report examples/*/ --out reports --jobs 2
	@for dir in examples/*/; do \
		name=$$(basename $$dir); \
		$(VENV)/bin/pmtools schedule $$dir > reports/$$name/schedule.txt || exit 1; \
		$(VENV)/bin/pmtools schedule $$dir --json > reports/$$name/schedule.json || exit 1; \
		$(VENV)/bin/pmtools simulate $$dir --seed 1 > reports/$$name/simulate.txt || exit 1; \
	done
	@echo "open reports/index.html: the portfolio, linking every report of every project (add --pdf to pmtools report for PDFs)"

test: $(STAMP)
	$(MAKE) --no-print-directory check
	$(PY) -m pytest

check: $(STAMP)
	$(VENV)/bin/ruff format --check pmtools tests benchmarks
	$(VENV)/bin/ruff check pmtools tests benchmarks
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) benchmarks/schedule.py
	$(PY) benchmarks/report.py

clean:
	rm -rf reports .pytest_cache .hypothesis
