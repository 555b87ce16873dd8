# Two commands set everything up on a fresh machine (see README):
#   make example   install learnsum in .venv and render the bundled example to Word
#   make test      install learnsum, its test tools and the Debian packages the tests use, and run
#                  every test three times: as installed, with the clock two years ahead, and on the
#                  lowest versions of the dependencies that pyproject.toml allows
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
LOWEST := .venv-lowest
LOWEST_STAMP := $(LOWEST)/.installed-stamp
# Debian packages the tests use: LibreOffice (Word/PowerPoint -> PDF), poppler (pdftotext, pdfinfo),
# fonts, git (pre-commit), faketime (the suite's run with the clock moved ahead), Chromium
# (printing the HTML page, and running axe-core on it) and Neovim (a real editor as the client of
# `learnsum lsp`).
DEBIAN_PACKAGES := libreoffice-writer-nogui libreoffice-impress-nogui poppler-utils fonts-liberation2 \
	git faketime chromium neovim

.PHONY: example test test-suite test-future test-lowest system-packages bench clean docs-images

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]" "uv>=0.4"
	touch $(STAMP)

# The lowest versions pyproject.toml allows for each direct dependency (uv's lowest-direct
# resolution): proves the lower bounds true.
$(LOWEST_STAMP): pyproject.toml $(STAMP)
	rm -rf $(LOWEST)
	$(BIN)/uv venv --quiet --python $(PYTHON) $(LOWEST)
	VIRTUAL_ENV=$(LOWEST) $(BIN)/uv pip install --quiet --resolution lowest-direct -e ".[test]"
	touch $(LOWEST_STAMP)

# The pictures of docs/rendering.md, remade from examples/child-o.yaml (LibreOffice, Chromium).
docs-images: $(STAMP)
	BIN=$(BIN) sh docs/images/make-images.sh

example: $(STAMP)
	$(BIN)/learnsum render examples/child-o.yaml --format docx
	@echo "The Word document is examples/child-o.docx"

# LibreOffice (Word/PowerPoint -> PDF) and pdftotext are what the rendering tests open outputs with.
system-packages:
	@missing=""; \
	for package in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$package" 2>/dev/null | grep -q "ok installed" \
	    || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "Note: install$$missing (as root) to run the tests that need them; they skip without."; \
	  fi; \
	fi

test: test-suite test-future test-lowest

# The first run also lints (ruff) and measures coverage: below 90 % of src/learnsum it fails.
test-suite: $(STAMP) system-packages
	$(BIN)/ruff check src tests
	$(BIN)/python -m pytest --cov=learnsum --cov-report=term-missing

# The whole suite again with the clock two years ahead, so no test can depend on today's date.
# Tests that reach the package index are left out: TLS certificates look expired then.
test-future: $(STAMP) system-packages
	faketime -f '+730d' $(BIN)/python -m pytest -q -m "not network" -p no:cacheprovider

test-lowest: $(LOWEST_STAMP) system-packages
	LEARNSUM_LOWEST_VERSIONS=1 $(LOWEST)/bin/python -m pytest -q -p no:cacheprovider

# Every speed target side by side (cold start, batch, unchanged outputs), then the validate
# benchmark's memory figures. pandoc (Debian) is compared with when installed.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python benchmarks/speed_bench.py
	$(BIN)/python benchmarks/validate_bench.py

clean:
	rm -rf $(VENV) $(LOWEST) .pytest_cache .hypothesis
