# factdesk — fresh machine: `make run` or `make test`. Both bootstrap .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP_FLAGS ?= --disable-pip-version-check --no-input

.PHONY: run test lint bench quality train package clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "factdesk needs Python 3.11 or newer: run 'make PYTHON=python3.12 ...'"; exit 1; }
	@$(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
		{ rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install $(PIP_FLAGS) -q --upgrade pip
	$(BIN)/python -m pip install $(PIP_FLAGS) -q -e ".[dev]"
	@touch $(STAMP)

run: $(STAMP)
	@$(BIN)/python -m factdesk.launch seeds

test: $(STAMP)
	$(BIN)/ruff check factdesk tests benchmarks packaging
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check factdesk tests benchmarks packaging
	$(BIN)/lint-imports

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

# the analysis scored on ../shared: in-sample and cross-validated by cluster (the figure to quote)
quality: $(STAMP)
	$(BIN)/python -m benchmarks.quality

# learn the linker's parameters from ../shared (seeded, reproducible) into factdesk/text/linker.json
train: $(STAMP)
	$(BIN)/python -m benchmarks.train

package: $(STAMP)
	$(BIN)/python -m pip install $(PIP_FLAGS) -q -e ".[dev,package]"
	bash packaging/build.sh

clean:
	rm -rf $(VENV) build dist .pytest_cache
