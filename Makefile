# Two commands on a fresh Debian machine: `make run` and `make test`.
# Every target creates the virtual environment when it is missing.

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
export YUDESK_HOME ?= $(CURDIR)/var

.PHONY: run test bench lint venv demo clean

$(STAMP): pyproject.toml
	@python3 -m venv $(VENV) 2>/dev/null || { \
	  echo "python3 -m venv failed: installing Debian's python3-venv"; \
	  apt-get install -y python3-venv >/dev/null && python3 -m venv $(VENV); }
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[test]"
	@touch $(STAMP)

venv: $(STAMP)

# Initialise $(YUDESK_HOME), load the demo registry and inbox, then serve the Prefect UI
# (http://127.0.0.1:4200) with every deployment of prefect.yaml on its schedule.
run: $(STAMP)
	$(VENV)/bin/yudesk init
	$(VENV)/bin/yudesk licence import deployments/demo/licences.csv
	$(PY) -m deployments.demo
	$(VENV)/bin/yudesk up

# The whole suite; pytest's "no tests collected" (exit 5) is a failure, not a pass.
test: $(STAMP)
	@$(PY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: no tests were collected" >&2; exit 1; fi; exit $$rc

bench: $(STAMP)
	$(PY) bench/intake.py
	$(PY) bench/calendar.py
	$(PY) bench/triage.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .

clean:
	rm -rf var .pytest_cache
