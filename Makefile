# Every task of the project is one target here; CI runs `make test`, as a developer does.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
GEN_OUT := generated/replicate_api
GEN := $(VENV)/bin/openapi-python-client generate --path openapi/replicate.yaml \
	--config generator-config.yaml --custom-template-path templates --meta none --fail-on-warning --overwrite

.PHONY: system-deps install official-clients generate check-generated lint typecheck pytest test demo bench docs clean

PRISM := node_modules/.bin/prism

install: $(STAMP) $(PRISM)

# pip's errors stay visible; only this machine's noise about absent local indexes is dropped.
PIP_INSTALL := $(PIP) install --quiet --disable-pip-version-check
QUIET_PIP := 2>&1 | { grep -v "^WARNING: Location '.*' is ignored" || true; }

$(STAMP): pyproject.toml emulator/pyproject.toml requirements-dev.txt
	test -x $(PY) || python3 -m venv $(VENV)
	set -o pipefail; $(PIP_INSTALL) --upgrade pip $(QUIET_PIP)
	set -o pipefail; $(PIP_INSTALL) -r requirements-dev.txt $(QUIET_PIP)
	set -o pipefail; $(PIP_INSTALL) -e . -e ./emulator $(QUIET_PIP)
	touch $(STAMP)

# The contract proxy for the conformance tests, pinned by package-lock.json.
$(PRISM): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(PRISM)

## The official clients, test peers of the emulator (tests/official): replicate 1.0.x and the
## newest 2.x pre-release, each in its own virtualenv (both are named `replicate`), and the npm
## package, pinned by tests/official/package-lock.json.
OFFICIAL := .venv-official
OFFICIAL_STAMP := $(OFFICIAL)/.installed
OFFICIAL_JS := tests/official/node_modules/.installed
official-clients: $(OFFICIAL_STAMP) $(OFFICIAL_JS)

$(OFFICIAL_STAMP): tests/official/requirements-v1.txt tests/official/requirements-v2.txt
	set -o pipefail; for v in v1 v2; do \
		{ test -x $(OFFICIAL)/$$v/bin/python || python3 -m venv $(OFFICIAL)/$$v; } && \
		$(OFFICIAL)/$$v/bin/pip install --quiet --disable-pip-version-check \
			-r tests/official/requirements-$$v.txt $(QUIET_PIP) || exit 1; \
	done
	touch $@

$(OFFICIAL_JS): tests/official/package.json tests/official/package-lock.json
	npm ci --prefix tests/official --no-audit --no-fund --loglevel=error
	touch $@

## Debian tools some tests drive (tmux for the CLI's terminal test, Chromium for the docs check).
## Installed when running as root (CI); elsewhere those tests skip and say why.
SYSTEM_TOOLS := tmux chromium
system-deps:
	@missing=$$(for t in $(SYSTEM_TOOLS); do command -v $$t >/dev/null || echo $$t; done); \
	case "$$missing" in *chromium*) missing="$$missing fonts-liberation";; esac; \
	if [ -n "$$missing" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing $$missing"; \
		{ apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; } \
			|| echo "could not install $$missing: their tests will skip"; \
	elif [ -n "$$missing" ]; then echo "not installed (their tests will skip): $$missing"; fi

## Rebuild generated/replicate_api from the spec, from scratch.
generate: $(STAMP)
	@tmp=$$(mktemp -d "$(CURDIR)/.generate.XXXXXX") && trap 'rm -rf "$$tmp"' EXIT \
	&& mkdir $$tmp/generated && ln -s $(CURDIR)/$(VENV) $$tmp/$(VENV) \
	&& { $(GEN) --output-path $$tmp/$(GEN_OUT) >/dev/null \
		|| { echo "generation failed: $(GEN_OUT) is left as it was"; exit 1; }; } \
	&& touch $$tmp/$(GEN_OUT)/py.typed && mkdir -p $(dir $(GEN_OUT)) \
	&& { if [ -e $(GEN_OUT) ]; then mv $(GEN_OUT) $$tmp/previous; fi; } \
	&& { mv $$tmp/$(GEN_OUT) $(GEN_OUT) || { mv $$tmp/previous $(GEN_OUT); exit 1; }; } \
	&& echo "$(GEN_OUT) regenerated"

## Fail when the committed generated code differs from a fresh generation.
check-generated: $(STAMP)
	@tmp=$$(mktemp -d) && mkdir -p $$tmp/generated && cp -r openapi templates generator-config.yaml $$tmp/ \
	&& ln -s $(CURDIR)/$(VENV) $$tmp/$(VENV) \
	&& (cd $$tmp && $(CURDIR)/$(VENV)/bin/openapi-python-client generate --path openapi/replicate.yaml \
		--config generator-config.yaml --custom-template-path templates --meta none \
		--fail-on-warning --overwrite --output-path $(GEN_OUT) >/dev/null && touch $(GEN_OUT)/py.typed) \
	&& if diff -r $$tmp/$(GEN_OUT) $(GEN_OUT) -x __pycache__ >$$tmp/diff.txt; then rm -rf $$tmp; echo "generated/ is up to date"; \
	else head -n 40 $$tmp/diff.txt; rm -rf $$tmp; echo "generated/ differs from a fresh generation: run 'make generate'"; exit 1; fi

lint: $(STAMP)
	$(VENV)/bin/ruff check --no-cache replicate_ext emulator tests
	$(VENV)/bin/ruff format --no-cache --check replicate_ext emulator tests

typecheck: $(STAMP)
	$(VENV)/bin/mypy

pytest: $(STAMP) $(PRISM) official-clients
	$(PY) -m pytest -q

## All checks: drift of generated code, lint, types, tests.
test: $(STAMP) system-deps
	$(MAKE) --no-print-directory check-generated
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory typecheck
	$(MAKE) --no-print-directory pytest

## The documentation site in site/: guide + Python API reference (MkDocs), HTTP API reference (Redoc).
docs: $(STAMP)
	bash scripts/docs.sh build

## Compare replicate-ext with raw httpx and the official clients (bench/README.md; ~8 minutes),
## then use()'s validation cost and requests per call (bench/use_bench.py),
## then the soak: concurrent runs through injected faults, nothing lost, nothing duplicated;
## then the batch scenario (bench/batch.py: client.batch at the emulator's rate limits).
bench: $(STAMP)
	$(PY) bench/run.py
	$(PY) bench/use_bench.py
	$(PY) bench/soak.py
	$(PY) bench/batch.py

## The main job: a model run end to end, offline, on the local emulator.
demo: $(STAMP)
	$(PY) examples/demo.py

clean:
	rm -rf $(VENV) $(OFFICIAL) site node_modules tests/official/node_modules .mypy_cache .ruff_cache
