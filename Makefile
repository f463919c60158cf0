PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: build serve test clean

$(BIN)/site-builder: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

build: $(BIN)/site-builder
	$(BIN)/site-builder build .

serve: $(BIN)/site-builder
	$(BIN)/site-builder serve .

test: $(BIN)/site-builder
	$(BIN)/python -m pytest

clean:
	rm -rf _site .pytest_cache
