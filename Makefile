# Border Frames: the two commands.
#   make run   set up, build data/processed from data/raw, execute every notebook, regenerate figures/
#   make test  set up, then pytest (library, doctests) and strict nbval on every notebook
# Set-up needs only Python 3.11 and pip: a virtual environment in .venv with the exact versions
# pinned in constraints.txt and this project installed in editable mode.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
JOBS   ?= 2

.PHONY: run test test-kernels lint setup build notebooks benchmark lock clean-venv

run: build notebooks

test: setup
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile \
		--nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg \
		tests src/corpus_tools notebooks

# The library tests again under other CPUs' OpenBLAS kernels: no test may pin a float that
# depends on the kernel or on ties (CI runs this after `make test`). test_any_corpus is left out
# here: it executes whole notebooks on other corpora and asserts only that they ran cleanly (no
# number), so it would add minutes to CI and nothing a kernel could change.
KERNELS ?= Sandybridge SkylakeX
test-kernels: setup
	for core in $(KERNELS); do \
		echo "OPENBLAS_CORETYPE=$$core"; \
		OPENBLAS_CORETYPE=$$core $(BIN)/python -m pytest -q -p no:cacheprovider -n $(JOBS) \
			--ignore=tests/test_any_corpus.py tests src/corpus_tools || exit 1; \
	done

# Style and static checks of the library and its tests (rules in pyproject.toml [tool.ruff]).
lint: setup
	$(BIN)/ruff check src tests

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $(STAMP)

build: setup
	$(BIN)/python -m corpus_tools build

notebooks: setup
	$(BIN)/python -m corpus_tools run

benchmark: setup
	$(BIN)/python benchmarks/bench_pipeline.py

# Re-pin every package to what is installed now (deliberate upgrades only).
lock: setup
	( sed -n '1,3p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable ) > constraints.txt.new
	mv constraints.txt.new constraints.txt

clean-venv:
	rm -rf $(VENV)
