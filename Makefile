# make run   — set up, render the sample PDFs/DOCX, run khplan on data/samples into out/
# make test  — set up, check the layers' import contract, then run the whole test suite
PY      := .venv/bin/python
KHPLAN  := .venv/bin/khplan
STAMP   := .venv/.installed
# The interpreter .venv is made from: the distribution's CPython 3.11+ when it has one with venv (khplan's
# workers run 12-15 % faster on Debian's, whose executable has the interpreter linked in, than on a source
# build with --enable-shared and without --enable-optimizations, such as pyenv's here), else python3 on
# PATH. `make BASE_PYTHON=...` chooses another; delete .venv to rebuild it on a different one.
BASE_PYTHON ?= $(shell /usr/bin/python3 -c 'import sys, ensurepip, venv; assert sys.version_info >= (3, 11)' \
                 2>/dev/null && echo /usr/bin/python3 || echo python3)

.PHONY: setup setup-browser setup-ocr setup-office samples run lint test clean

setup: $(STAMP)

# Debian's Chromium, for the HTML report's browser test (playwright drives it; no browser download)
setup-browser:
	@test -x /usr/bin/chromium || { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium; }

# Debian's Tesseract and its Vietnamese model, for scanned PDF pages
setup-ocr:
	@tesseract --list-langs 2>/dev/null | grep -qx vie || { apt-get update -qq && \
		apt-get install -y -qq --no-install-recommends tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng; }

# Debian's LibreOffice without its GUI, which converts .doc, .rtf, .odt (writer) and .xls, .ods (calc)
setup-office:
	@test -e /usr/lib/libreoffice/share/registry/writer.xcd -a -e /usr/lib/libreoffice/share/registry/calc.xcd || \
		{ apt-get update -qq && apt-get install -y -qq --no-install-recommends \
		libreoffice-writer-nogui libreoffice-calc-nogui; }

$(STAMP): pyproject.toml
	$(BASE_PYTHON) -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

samples: setup setup-ocr setup-office
	$(PY) data/render_samples.py

run: samples
	$(KHPLAN) run data/samples -o out
	$(PY) -c "import pandas as pd; d = pd.read_parquet('out/documents'); \
	print(d[['source_path', 'doc_number', 'issuer', 'issued_date', 'signer_name']].to_string(index=False))"

# the layers' contract (pyproject.toml, [tool.importlinter]): no module imports a layer above its own, no cycle
lint: setup
	.venv/bin/lint-imports --no-cache

test: lint setup-browser setup-ocr setup-office
	$(PY) -m pytest -q

clean:
	rm -rf out .pytest_cache data/samples/*.rendered.*
