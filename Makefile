PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: build serve test clean

# The package alone: what `make build` and `make serve` need.
$(BIN)/site-builder: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

# The test extras on top (pytest, Playwright, Hypothesis): only `make test` installs them.
$(VENV)/.test-extras: $(BIN)/site-builder
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

build: $(BIN)/site-builder
	$(BIN)/site-builder build .

serve: $(BIN)/site-builder
	$(BIN)/site-builder serve .

test: $(VENV)/.test-extras
	$(BIN)/python -m pytest

clean:
	rm -rf _site .pytest_cache
