# seesaw: `make report` builds everything, `make test` checks everything, `make check`
# is the fast loop (lint and the tests not marked slow or browser).
# Both create .venv from requirements.lock when it is missing or stale.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV    := .venv
PY      := $(VENV)/bin/python
UV      := $(VENV)/bin/uv
STAMP   := $(VENV)/.installed
SEESAW  := $(VENV)/bin/seesaw

# Keep Jupyter's and IPython's files inside the project.
export JUPYTER_CONFIG_DIR  := $(CURDIR)/.jupyter/config
export JUPYTER_DATA_DIR    := $(CURDIR)/.jupyter/data
export JUPYTER_RUNTIME_DIR := $(CURDIR)/.jupyter/runtime
export IPYTHONDIR          := $(CURDIR)/.jupyter/ipython
export PYDEVD_DISABLE_FILE_VALIDATION := 1
# Keep the compiled form of the project's own modules in __pycache__ (git ignores it).
# Where PYTHONDONTWRITEBYTECODE is set (as on this project's machines), every kernel,
# command and test process compiled src/ again, and each of pytest's processes
# rewrote every test module's asserts again (`--collect-only`: 8.4 s against 3.8 s).
export PYTHONDONTWRITEBYTECODE :=

.PHONY: help
help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-10s\033[0m %s\n", $$1, $$2}'

# --compile-bytecode: write the .pyc files at install time. Where PYTHONDONTWRITEBYTECODE
# is set (as on this project's machines), Python never writes them itself, and every
# kernel, test worker and CLI call would compile pandas and plotly from source again
# (about 1 s of each kernel's start-up).
$(STAMP): requirements.lock pyproject.toml overrides.txt Makefile
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==0.13.9
	$(UV) pip install --quiet --python $(PY) --compile-bytecode -r requirements.lock --override overrides.txt
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	@mkdir -p $(JUPYTER_CONFIG_DIR) $(JUPYTER_DATA_DIR) $(JUPYTER_RUNTIME_DIR) $(IPYTHONDIR)
	@touch $@

.PHONY: venv
venv: $(STAMP) ## create or update .venv from requirements.lock

.PHONY: chromium
chromium: ## find Chromium (for figure export and browser tests), installing it with apt-get if root
	@bash scripts/ensure-chromium

.PHONY: validate
validate: $(STAMP) ## check data/*.csv against the contract
	$(SEESAW) validate data

.PHONY: report
report: $(STAMP) chromium ## validate, run the notebooks, export figures, write build/report/
	$(SEESAW) run

# (frictionless validates data/datapackage.json in tests/test_datapackage.py.)
.PHONY: test
test: lint chromium ## everything, as CI runs it: lint, every test, strict nbval, browser tests
	$(VENV)/bin/pytest -n 2 --dist loadfile --no-loadscope-reorder --durations=25 tests
	SEESAW_PNG=batch $(VENV)/bin/pytest --nbval --nbval-current-env -n 2 --dist loadfile -p no:randomly notebooks

PORT ?= 8866

.PHONY: explore
explore: $(STAMP) ## serve the explorer with Voila on 127.0.0.1:$(PORT) (Ctrl-C stops it)
	@echo "Explorer: http://127.0.0.1:$(PORT)/  (Ctrl-C to stop)"
	$(VENV)/bin/voila notebooks/07_explorer.ipynb --no-browser --port=$(PORT) \
	  --Voila.ip=127.0.0.1 --show_tracebacks=False

.PHONY: lab
lab: $(STAMP) ## open JupyterLab on the notebooks
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks --ip=127.0.0.1 --no-browser --allow-root

.PHONY: screenshot
screenshot: $(STAMP) chromium ## retake the explorer's still (figures/explorer.png) and attach it to 07
	$(VENV)/bin/python scripts/explorer-screenshot

.PHONY: bench
bench: $(STAMP) chromium ## run the benchmarks; prints a table and writes build/bench.json (BENCH_ARGS="--reps 1")
	$(VENV)/bin/python -m bench $(BENCH_ARGS)

.PHONY: lint
lint: $(STAMP) ## ruff, mypy, the import contracts, dead code (vulture) and imports (deptry)
	$(VENV)/bin/ruff check src tests notebooks bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/mypy bench
	$(VENV)/bin/lint-imports
	$(PY) scripts/dead-code
	$(VENV)/bin/deptry src

.PHONY: check
check: lint ## the fast loop: lint, then every test not marked slow or browser (under a minute)
	$(VENV)/bin/pytest -n 2 --dist loadfile --no-loadscope-reorder -m "not slow and not browser" -q --durations=10 tests

.PHONY: format
format: $(STAMP) ## format the code with ruff
	$(VENV)/bin/ruff format src tests
	$(VENV)/bin/ruff check --fix src tests

.PHONY: lock
lock: ## re-resolve requirements.lock from pyproject.toml (needs uv)
	$(UV) pip compile pyproject.toml --extra dev --python-version 3.11 --override overrides.txt \
	  --no-header --quiet -o requirements.lock

.PHONY: clean
clean: ## remove build outputs (keeps .venv, notebooks and figures)
	rm -rf build .pytest_cache .ruff_cache .mypy_cache .import_linter_cache
