# Two commands set everything up on a fresh machine (see README):
#   make example   install learnsum in .venv and render the bundled example to Word
#   make test      install learnsum, its test tools and the Debian packages the tests use, run every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEBIAN_PACKAGES := libreoffice-writer-nogui libreoffice-impress-nogui poppler-utils fonts-liberation2 git

.PHONY: example test system-packages bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

example: $(STAMP)
	$(BIN)/learnsum render examples/child-o.yaml --format docx
	@echo "The Word document is examples/child-o.docx"

# LibreOffice (Word/PowerPoint -> PDF) and pdftotext are what the rendering tests open outputs with.
system-packages:
	@missing=""; \
	command -v soffice >/dev/null 2>&1 || missing="yes"; \
	command -v pdftotext >/dev/null 2>&1 || missing="yes"; \
	command -v git >/dev/null 2>&1 || missing="yes"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian packages: $(DEBIAN_PACKAGES)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(DEBIAN_PACKAGES) >/dev/null; \
	  else \
	    echo "Note: install $(DEBIAN_PACKAGES) (as root) to run the LibreOffice tests; they are skipped without it."; \
	  fi; \
	fi

test: $(STAMP) system-packages
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python benchmarks/validate_bench.py

clean:
	rm -rf $(VENV) .pytest_cache
