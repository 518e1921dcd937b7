# Front Door — the front door for people. `make run` and `make test` set themselves up on first use.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8080
STAGE ?= dev
TEST_WORKERS ?= 2
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
export PYTHONPATH := $(CURDIR):$(CURDIR)/layers/common/python

# The residents' site: GOV.UK Frontend's assets and web/static, served at /assets/ (make run) and from
# S3 behind CloudFront (AWS); and the web package (templates included) as a Lambda layer of its own.
STATIC_DIR := build/static
STATIC_BUILT := build/.static-built
GOVUK_DIST := node_modules/govuk-frontend/dist/govuk
# Amazon Connect's chat client: one self-contained script, loaded by the chat page only when a chat starts.
CHATJS := node_modules/amazon-connect-chatjs/dist/amazon-connect-chat.js
WEB_LAYER_DIR := build/web-layer
WEB_SOURCES := $(shell find web -type f -not -path '*/__pycache__/*' -not -name '*.pyc' 2>/dev/null)
# The browser tests drive Debian's Chromium (never a downloaded one); without it they are skipped.
CHROMIUM := /usr/bin/chromium
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

# Third-party runtime dependencies for the arm64 Lambda layer (boto3/botocore come with the runtime).
LAYER_DIR := build/deps-layer
LAYER_PLATFORM := --only-binary=:all: --implementation cp --python-version 3.14 \
	--platform manylinux_2_28_aarch64 --platform manylinux2014_aarch64

.PHONY: help setup run ring test lint format synth bootstrap deploy diff bench layer static web-layer browser-check clean

help:
	@echo "make run    serve Front Door locally on http://127.0.0.1:$(PORT)/: the residents' site and the API (AWS emulated by moto)"
	@echo "make ring   ring the phone line from the terminal, offline (NUMBER=+447700900123 CHAT=1)"
	@echo "make test   lint, type-check and run the whole suite (unit, integration, infra gates, fuzz)"
	@echo "make bench  cold start and warm latency of the functions, the site's page weight and time to a usable form; writes bench/results.json"
	@echo "make synth  synthesize the CloudFormation templates into cdk.out/ (offline, no credentials)"
	@echo "make bootstrap  once per account: CDK's bootstrap stack in the stage's region and us-east-1 (needs AWS credentials)"
	@echo "make deploy deploy STAGE=$(STAGE) to the AWS account in your credentials"

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip uv
	$(VENV)/bin/uv pip install -q --python $(PY) -e '.[dev]'
	touch $@

# checkov pins an old boto3, so it lives in a venv of its own.
.venv-checkov/.installed:
	test -x .venv-checkov/bin/python || $(PYTHON) -m venv .venv-checkov
	.venv-checkov/bin/pip install -q 'checkov==3.3.30'
	touch $@

node_modules/.installed: package.json
	npm install --no-audit --no-fund
	touch $@

layer: $(LAYER_DIR)/.installed

$(LAYER_DIR)/.installed: pyproject.toml | $(VENV)/.installed
	rm -rf $(LAYER_DIR) && mkdir -p $(LAYER_DIR)/python
	$(PY) -m infra.layer_requirements > $(LAYER_DIR)/requirements.txt
	$(VENV)/bin/pip install -q --no-deps $(LAYER_PLATFORM) -t $(LAYER_DIR)/python -r $(LAYER_DIR)/requirements.txt
	touch $@

static: $(STATIC_BUILT)

$(STATIC_BUILT): node_modules/.installed $(filter web/static/%,$(WEB_SOURCES))
	rm -rf $(STATIC_DIR) && mkdir -p $(STATIC_DIR)
	cp $(GOVUK_DIST)/govuk-frontend.min.css $(GOVUK_DIST)/govuk-frontend.min.js $(STATIC_DIR)/
	cp -R $(GOVUK_DIST)/assets/. $(STATIC_DIR)/
	cp $(CHATJS) $(STATIC_DIR)/
	cp -R web/static/. $(STATIC_DIR)/
	touch $@

web-layer: $(WEB_LAYER_DIR)/.installed

$(WEB_LAYER_DIR)/.installed: $(WEB_SOURCES)
	rm -rf $(WEB_LAYER_DIR) && mkdir -p $(WEB_LAYER_DIR)/python
	cp -R web $(WEB_LAYER_DIR)/python/web
	rm -rf $(WEB_LAYER_DIR)/python/web/static
	find $(WEB_LAYER_DIR) -name __pycache__ -prune -exec rm -rf {} +
	touch $@

# Loud, because a green `make test` without them has not looked at a single page in a browser.
browser-check:
	@if [ ! -x $(CHROMIUM) ]; then \
		echo ""; \
		echo "################################################################################"; \
		echo "##  NO CHROMIUM AT $(CHROMIUM): THE BROWSER TESTS (tests/browser) ARE SKIPPED."; \
		echo "##  No page has been checked for accessibility, small screens or keyboard use."; \
		echo "##  Install it: sudo apt-get install -y chromium  (.ci/run does: CI runs them)"; \
		echo "################################################################################"; \
		echo ""; \
	fi

run: $(VENV)/.installed $(STATIC_BUILT)
	$(PY) -m local --port $(PORT)

ring: $(VENV)/.installed
	$(PY) -m local.phone $(if $(NUMBER),--number $(NUMBER)) $(if $(CHAT),--chat)

test: $(VENV)/.installed .venv-checkov/.installed $(LAYER_DIR)/.installed $(WEB_LAYER_DIR)/.installed $(STATIC_BUILT) lint browser-check
	# Two workers, each test file on one (module fixtures, one synth and one browser server each);
	# the schemathesis fuzz tests generate their cases lazily, which xdist does not see: run alone.
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --ignore=tests/fuzz
	$(PY) -m pytest tests/fuzz
	@$(MAKE) --no-print-directory browser-check

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy layers/common/python functions web

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

synth: $(VENV)/.installed $(LAYER_DIR)/.installed $(WEB_LAYER_DIR)/.installed $(STATIC_BUILT)
	CDK_OUTDIR=cdk.out STAGE=$(STAGE) $(PY) -m infra.app
	@echo "Templates in cdk.out/"

diff deploy: $(VENV)/.installed $(LAYER_DIR)/.installed $(WEB_LAYER_DIR)/.installed $(STATIC_BUILT) node_modules/.installed
	npx cdk $@ --all -c stage=$(STAGE)

bootstrap: $(VENV)/.installed $(LAYER_DIR)/.installed $(WEB_LAYER_DIR)/.installed $(STATIC_BUILT) node_modules/.installed
	npx cdk bootstrap -c stage=$(STAGE)

bench: $(VENV)/.installed $(STATIC_BUILT)
	$(PY) -m bench

clean:
	rm -rf cdk.out build .pytest_cache .mypy_cache .ruff_cache
