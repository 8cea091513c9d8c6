# Two commands on a fresh Debian machine: `make run` and `make test`.
# Every target creates the virtual environment when it is missing.

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
export YUDESK_HOME ?= $(CURDIR)/var

.PHONY: run test bench lint venv native demo clean

$(STAMP): pyproject.toml
	@python3 -m venv $(VENV) 2>/dev/null || { \
	  echo "python3 -m venv failed: installing Debian's python3-venv"; \
	  apt-get install -y python3-venv >/dev/null && python3 -m venv $(VENV); }
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[test,native]"
	@touch $(STAMP)

venv: $(STAMP)

# The triage hot path compiled with mypyc (yudesk/triage/native.py), rebuilt when a triage
# source changes. It loads only while it matches the sources; a failed build (no C compiler)
# is recorded and leaves the pure-Python classifier.
NATIVE := yudesk/triage/_native/manifest.json
$(NATIVE): $(STAMP) $(wildcard yudesk/triage/*.py)
	@command -v gcc >/dev/null || { \
	  echo "no C compiler: installing Debian's gcc and python3-dev for the triage build"; \
	  apt-get install -y gcc libc6-dev python3-dev >/dev/null || true; }
	$(PY) -c 'import sys; from yudesk.triage import native; sys.exit(native.main(["build"]))'

native: $(NATIVE)

# Initialise $(YUDESK_HOME), load the demo registry and inbox, then serve the Prefect UI
# (http://127.0.0.1:4200) with every deployment of prefect.yaml on its schedule.
run: $(STAMP) $(NATIVE)
	$(VENV)/bin/yudesk init
	$(VENV)/bin/yudesk licence import deployments/demo/licences.csv
	$(PY) -m deployments.demo
	$(VENV)/bin/yudesk up

# The whole suite; pytest's "no tests collected" (exit 5) is a failure, not a pass.
test: $(STAMP) $(NATIVE)
	@$(PY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: no tests were collected" >&2; exit 1; fi; exit $$rc

bench: $(STAMP) $(NATIVE)
	$(PY) bench/intake.py
	$(PY) bench/calendar.py
	$(PY) bench/triage.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .

clean:
	rm -rf var .pytest_cache
