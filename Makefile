# Thin wrapper: each target is one command of the package's own command line.
# The first target that needs it creates .venv and installs the package with
# the exact versions of constraints.txt (needs only Python >= 3.11, pip, make).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: reproduce test lab report bench freeze validate clean

reproduce: $(STAMP)
	$(PY) -m analysis reproduce

test: $(STAMP)
	$(PY) -m analysis test

lab: $(STAMP)
	$(PY) -m analysis lab

report: $(STAMP)
	$(PY) -m analysis report

bench: $(STAMP)
	$(PY) -m analysis bench

validate: $(STAMP)
	$(PY) -m analysis validate

freeze: $(STAMP)
	$(PY) -m analysis freeze

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[test]"
	@touch $(STAMP)

clean:
	rm -rf build $(VENV)
