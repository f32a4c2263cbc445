# Two commands set everything up on a machine with only python3:
#   make serve   install, build the database from the bundled corpus, serve it with Datasette
#   make test    install (if needed) and run the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     := outputs/community_safety.db

.PHONY: install build serve test lint browser ocr metadata typeset bench loadtest clean

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

build: install
	$(BIN)/strategy-extract build --corpus corpus --db $(DB)

serve: build
	$(BIN)/strategy-extract serve --db $(DB)

test: install browser ocr
	$(BIN)/python -m pytest

# ruff (lint) and mypy (types), pinned in requirements.txt, configured in pyproject.toml; CI runs it (.ci/run)
lint: install
	$(BIN)/ruff check extract models tests bench
	$(BIN)/mypy

# Headless Chromium for tests/publish/test_browser.py, from Debian, when missing: installed only as root
# (as in CI); otherwise the browser tests are skipped with the reason.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "make browser: could not install chromium; the browser tests will be skipped"; \
	  else \
	    echo "make browser: chromium is missing and this is not root; the browser tests will be skipped"; \
	  fi; }

# Tesseract OCR for scanned PDF pages, from Debian, when missing: installed only as root (as in CI);
# otherwise scanned pages get a warning saying how to install it, and the OCR tests are skipped.
ocr:
	@command -v tesseract >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-eng >/dev/null) \
	      || echo "make ocr: could not install tesseract-ocr; scanned pages will not be read and the OCR tests will be skipped"; \
	  else \
	    echo "make ocr: tesseract is missing and this is not root; scanned pages will not be read (apt-get install tesseract-ocr)"; \
	  fi; }

metadata: install
	$(BIN)/strategy-extract metadata --output metadata.yml

typeset: install
	$(BIN)/strategy-extract typeset --corpus corpus

# The benchmarks of BENCHMARKS.md, (a) to (e). Long: the first run makes the synthetic corpora
# under outputs/synthetic/ and extracts 2,000 documents (several minutes on 2 cores).
bench: install
	$(BIN)/python bench/pdf_reader.py
	$(BIN)/python -m bench.workers
	$(BIN)/python -m bench.rebuild
	$(BIN)/python -m bench.queries
	$(BIN)/python -m bench.memory
	$(BIN)/python -m bench.memory --links

# The site under load: 2,000 requests from 8 threads over every canned query and table page.
loadtest: build
	$(BIN)/python bench/load_test.py --db $(DB)

clean:
	rm -rf $(VENV) outputs/*.db
