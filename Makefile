# Front Door — the front door for people. `make run` and `make test` set themselves up on first use.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8080
STAGE ?= dev
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
export PYTHONPATH := $(CURDIR):$(CURDIR)/layers/common/python

# Third-party runtime dependencies for the arm64 Lambda layer (boto3/botocore come with the runtime).
LAYER_DIR := build/deps-layer
LAYER_PLATFORM := --only-binary=:all: --implementation cp --python-version 3.14 \
	--platform manylinux_2_28_aarch64 --platform manylinux2014_aarch64

.PHONY: help setup run ring test lint format synth bootstrap deploy diff bench layer clean

help:
	@echo "make run    serve Front Door locally on http://127.0.0.1:$(PORT)/ (AWS emulated by moto)"
	@echo "make ring   ring the phone line from the terminal, offline (NUMBER=+447700900123 CHAT=1)"
	@echo "make test   lint, type-check and run the whole suite (unit, integration, infra gates, fuzz)"
	@echo "make bench  cold start and warm latency of the API function; writes bench/results.json"
	@echo "make synth  synthesize the CloudFormation templates into cdk.out/ (offline, no credentials)"
	@echo "make bootstrap  once per account and region: CDK's bootstrap stack (needs AWS credentials)"
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

run: $(VENV)/.installed
	$(PY) -m local --port $(PORT)

ring: $(VENV)/.installed
	$(PY) -m local.phone $(if $(NUMBER),--number $(NUMBER)) $(if $(CHAT),--chat)

test: $(VENV)/.installed .venv-checkov/.installed $(LAYER_DIR)/.installed lint
	$(PY) -m pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy layers/common/python functions

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

synth: $(VENV)/.installed $(LAYER_DIR)/.installed
	CDK_OUTDIR=cdk.out STAGE=$(STAGE) $(PY) -m infra.app
	@echo "Templates in cdk.out/"

diff deploy: $(VENV)/.installed $(LAYER_DIR)/.installed node_modules/.installed
	npx cdk $@ --all -c stage=$(STAGE)

bootstrap: $(VENV)/.installed $(LAYER_DIR)/.installed node_modules/.installed
	npx cdk bootstrap -c stage=$(STAGE)

bench: $(VENV)/.installed
	$(PY) -m bench

clean:
	rm -rf cdk.out build .pytest_cache .mypy_cache .ruff_cache
