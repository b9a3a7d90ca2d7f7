# Async Python, Measured: set up, serve, build and test.
# Needs only Python 3.11 or newer and make. Everything installs into .venv from the
# pinned, hashed requirements.lock; where npm is found, Pyodide's files (the Run
# buttons' Python) install into node_modules/ from package-lock.json.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-from-lock
# every other supported CPython, each with the lock installed (see measured/pythons.py)
PYTHONS := .pythons/.installed-from-lock
# the Run buttons' code editor (CodeMirror), bundled from package-lock.json's versions
EDITOR := node_modules/.run-here/editor.mjs
# PostgreSQL's server, for the snippets that need a database (see measured/postgres.py)
POSTGRES := $(VENV)/.postgres-checked
# Snippets mostly wait, so more workers than cores keeps the suite near its longest snippet.
WORKERS ?= 8
# mkdocs-material prints an end-of-life banner on every build; the build log stays readable without it.
export NO_MKDOCS_2_WARNING := 1
# one id for both phases of `make test`, so the last check finds what either left running
export MEASURED_SUITE := make-$(shell date +%s%N)

# the Pythons the suite supports (measured/interpreters.py's SUPPORTED): one
# `make test-python-3.X` each
VERSIONS := 3.11 3.12 3.13 3.14 3.15

.PHONY: help install serve build build-offline test test-measure $(VERSIONS:%=test-python-%) \
	test-site test-lint stress durations lock clean

help:
	@echo "make serve   serve the site at http://127.0.0.1:8000"
	@echo "make test    run every snippet, check every claim, lint, and build the site:"
	@echo "             the targets below, measuring first (CI runs each as a job of its own)"
	@echo "  make test-measure      the claims, timelines and timing-sensitive outputs, alone"
	@echo "  make test-measure-1    the first of its shares, whole pages (CI: one runner each)"
	@echo "  make test-python-3.12  every other snippet's output on CPython 3.12 (3.11 to 3.15)"
	@echo "  make test-site         the strict site build and the browser tests (CI: test-site-1..5)"
	@echo "  make test-lint         ruff, the project's agreement, the workflow, inline examples,"
	@echo "                         the harness's own tests"
	@echo "make build   write the static site to site/"
	@echo "make build-offline  write a copy that works from file:// to site-offline/"
	@echo "make stress  run the suite 10 times, then 3 more under CPU load; list every failure"
	@echo "make durations  after test-measure: each snippet's time, for dealing CI's shares"
	@echo "make lock    re-pin requirements.lock from pyproject.toml"

install: $(STAMP) $(PYTHONS) $(EDITOR) $(POSTGRES)

$(STAMP): requirements.lock package-lock.json
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed: run make with PYTHON=python3.12 (for example)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	@# the harness, as an editable install would: builders import measured.extension
	$(BIN)/python -c 'import pathlib, sysconfig; pathlib.Path(sysconfig.get_paths()["purelib"], "async-python-measured.pth").write_text(str(pathlib.Path.cwd()) + "\n")'
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; \
	else \
		echo "npm not found: the site is built without Run buttons (install Node.js with npm, then make install)"; \
	fi
	@touch $@

# One module, loaded by the page on a reader's first Edit; without npm, the editor is
# a plain textarea.
$(EDITOR): $(STAMP) editor/editor.mjs package-lock.json
	@if [ -x node_modules/esbuild/bin/esbuild ]; then \
		node node_modules/esbuild/bin/esbuild editor/editor.mjs --bundle --format=esm \
			--minify --log-level=warning --outfile=$@ \
			'--banner:js=/* CodeMirror 6 and Lezer: MIT licence, (c) Marijn Haverbeke and others, https://codemirror.net */'; \
	else \
		echo "npm not found: the Run buttons' editor is a plain textarea"; \
	fi

# Finds CPython 3.11 to 3.15 on PATH or in pyenv; as root, those missing come from a
# Debian unstable root made once under ~/.cache/async-python-measured. Each gets an
# environment from requirements.lock and a launcher, .pythons/python3.X.
$(PYTHONS): $(STAMP) requirements.lock measured/pythons.py
	$(BIN)/python -m measured.pythons
	@touch $@

# Finds PostgreSQL's initdb and pg_ctl; where they are missing, installs Debian's
# `postgresql` as root with apt-get, or says how to install it (its snippets are
# skipped until then). The suite starts a throwaway cluster of its own per run.
$(POSTGRES): $(STAMP) measured/postgres.py
	$(BIN)/python -m measured.postgres
	@touch $@

serve: $(STAMP) $(EDITOR)
	SITE_URL=http://127.0.0.1:8000/ $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# In CI (the publishing build), a claim, chart or timeline without a passing figure
# from `make test` fails the build, and the build writes site/measurements.json;
# locally a figure not measured here shows the published one, where it can be read
# (docs/contributing/index.md#figures-in-every-build).
build: $(STAMP) $(EDITOR)
	MEASURED_REQUIRE_FIGURES=$(if $(CI),1,) $(BIN)/mkdocs build --strict

build-offline: $(STAMP)
	$(BIN)/mkdocs build --strict --config-file mkdocs-offline.yml

# The suite as CI's jobs, one target each (.github/workflows/ci.yml); every test is
# in exactly one (tests/test_workflow.py checks it), and each target works alone.
# What each checks: docs/contributing/index.md#what-the-suite-checks.
# test-measure: claims, timelines and timing-sensitive outputs, in one process with
#   nothing heavy beside it; it leaves the figures in .measurements/.
# test-python-3.X: every other snippet's output on that Python.
# test-site: the strict site build (from .measurements/) and the browser.
# test-lint: ruff, the project's agreement, the workflow, inline examples, harness.
# `make test` runs them all on one machine: test-measure, then the others together
# in one parallel session, so the site build overlaps the snippets. One page:
# `pytest docs/core/tasks.md`.
CHECKS := -m "not measure"
# the pages are test files (measured/pytest_plugin.py): their programs' outputs go to
# the test-python jobs, their inline examples to test-lint
PAGES := docs
OUTPUTS := -m "output and not measure"
SITE_TESTS := tests/test_site.py tests/test_builders.py tests/browser
LINT_TESTS := tests/test_integrity.py tests/test_workflow.py tests/test_docstrings.py tests/harness
LINT := -m "not measure and not output"
PARALLEL = -n $(WORKERS) --dist loadgroup

define MEASURE
	rm -rf .measurements/runs .measurements/claims .measurements/checked \
		.measurements/timelines .measurements/failures .measurements/suite .artifacts
	$(BIN)/pytest -n 0 -m measure $(1) $(PYTEST_ARGS)
endef

# CI splits the measuring over runners, each alone on its machine: `make
# test-measure-2` measures the second of MEASURE_SHARDS shares, whole pages each
# (the workflow's measure matrix lists 1 to MEASURE_SHARDS)
MEASURE_SHARDS := 4
SHARDS := $(shell seq 1 $(MEASURE_SHARDS))
.PHONY: $(SHARDS:%=test-measure-%)

# everything installed first: nothing is built beside the measuring
test: $(STAMP) $(PYTHONS) $(EDITOR) $(POSTGRES)
	$(MEASURE)
	$(BIN)/pytest $(PARALLEL) $(CHECKS) $(PAGES) $(SITE_TESTS) $(LINT_TESTS) $(PYTEST_ARGS)

test-measure: $(STAMP) $(PYTHONS) $(POSTGRES)
	$(MEASURE)

$(SHARDS:%=test-measure-%): test-measure-%: $(STAMP) $(PYTHONS) $(POSTGRES)
	$(call MEASURE,--shard $*/$(MEASURE_SHARDS))

$(VERSIONS:%=test-python-%): test-python-%: $(STAMP) $(PYTHONS) $(POSTGRES)
	$(BIN)/pytest $(PARALLEL) $(OUTPUTS) --python $* $(PAGES) $(PYTEST_ARGS)

test-site: $(STAMP) $(EDITOR)
	$(BIN)/pytest $(PARALLEL) $(CHECKS) $(SITE_TESTS) $(PYTEST_ARGS)

# CI splits the site's checks the same way: `make test-site-2` builds the site and
# runs the second of SITE_SHARDS shares of its tests (each browser job in one share)
SITE_SHARDS := 5
SITE_SHARES := $(shell seq 1 $(SITE_SHARDS))
.PHONY: $(SITE_SHARES:%=test-site-%)

$(SITE_SHARES:%=test-site-%): test-site-%: $(STAMP) $(EDITOR)
	$(BIN)/pytest $(PARALLEL) $(CHECKS) --shard $*/$(SITE_SHARDS) $(SITE_TESTS) $(PYTEST_ARGS)

test-lint: $(STAMP)
	$(BIN)/pytest $(PARALLEL) $(LINT) $(PAGES) $(LINT_TESTS) $(PYTEST_ARGS)

# What each snippet usually takes, for dealing the measuring out over CI's runners
# (measured/schedule.py's cost): from the runs of the last `make test-measure`
durations: $(STAMP)
	$(BIN)/python -m measured.schedule

# The whole suite 10 times in a row, then 3 times with two CPU-burning processes.
stress: $(STAMP)
	$(BIN)/python -m measured.stress

# needs only a venv with uv in it, not the current lock's packages
lock:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/python -m uv pip compile pyproject.toml --universal --python-version 3.11 \
		--generate-hashes --quiet --output-file requirements.lock

clean:
	rm -rf $(VENV) .pythons node_modules site site-offline .measurements .artifacts
