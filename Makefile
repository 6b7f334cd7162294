# On-Ramp — everything starts here. Needs only python3 and make.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export QT_QPA_PLATFORM ?= offscreen

.PHONY: run demo test bench screenshots package translations system-deps window-deps clean help

help:
	@echo "make run          set up, install or name the system libraries the window needs, open On-Ramp"
	@echo "make demo         set up and open On-Ramp on demo data"
	@echo "make test         set up, run ruff and mypy, then the whole test suite (offscreen)"
	@echo "make bench        run the benchmarks (ONLY=name for one)"
	@echo "make screenshots  render every screen to build/screenshots/"
	@echo "make package      build the PyInstaller bundle in dist/"

$(STAMP): requirements/lock.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/lock.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Everything: the window's libraries and what tests, screenshots and packaging need.
system-deps:
	@bash scripts/system-deps

# Only what the real window needs: a volunteer's `make run` never installs a test database server.
window-deps:
	@bash scripts/system-deps window

run: $(STAMP) window-deps
	env -u QT_QPA_PLATFORM $(VENV)/bin/onramp

demo: $(STAMP) window-deps
	env -u QT_QPA_PLATFORM $(VENV)/bin/onramp --demo

test: $(STAMP) system-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) -m pytest $(PYTEST_ARGS)

bench: $(STAMP) system-deps
	$(PY) -m benchmarks $(if $(ONLY),--only $(ONLY))

screenshots: $(STAMP) system-deps
	$(PY) -m tools.screenshots --out build/screenshots

package: $(STAMP) system-deps
	$(PY) packaging/build.py --archive

translations: $(STAMP)
	$(PY) -m desktop.i18n_tools update

clean:
	rm -rf build dist .pytest_cache
