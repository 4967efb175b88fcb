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
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/pmtools check examples/*/
	@for dir in examples/*/; do \
		name=$$(basename $$dir); mkdir -p reports/$$name; \
		$(VENV)/bin/pmtools schedule $$dir > reports/$$name/schedule.txt || exit 1; \
		$(VENV)/bin/pmtools schedule $$dir --json > reports/$$name/schedule.json || exit 1; \
		$(VENV)/bin/pmtools simulate $$dir --seed 1 > reports/$$name/simulate.txt || exit 1; \
		for nb in status schedule risks requirements retrospective cost; do \
			$(VENV)/bin/papermill -k python3 --log-level WARNING notebooks/$$nb.ipynb \
				reports/$$name/$$nb.ipynb -p project_dir $$dir || exit 1; \
			$(VENV)/bin/jupyter nbconvert --to html --no-input --log-level WARN \
				reports/$$name/$$nb.ipynb || exit 1; \
		done; \
		echo "reports/$$name: status, schedule, risks, requirements, retrospective, cost (.html), schedule.txt/.json, simulate.txt"; \
	done

test: $(STAMP)
	$(MAKE) --no-print-directory check
	$(PY) -m pytest

check: $(STAMP)
	$(VENV)/bin/ruff format --check pmtools tests benchmarks
	$(VENV)/bin/ruff check pmtools tests benchmarks
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) benchmarks/schedule.py

clean:
	rm -rf reports .pytest_cache .hypothesis
