# Every target runs with the project's pinned Node 24 (installed into the cache
# by .dev/node.sh), never with the machine's own Node.
SHELL := /bin/bash
NODE_BIN := $(shell .dev/node.sh)
export PATH := $(NODE_BIN):$(PATH)
# npm on these machines carries a user `nodedir` for Node 20 headers; nothing here builds addons.
export npm_config_nodedir :=

.PHONY: os-packages up down test test-unit test-int lint typecheck bench infra setup clean

## up: broker, database, simulator and all services, then the live demo
up: setup infra
	@.dev/up.sh

## down: stop everything `make up` or `make test` started (by pid)
down:
	@.dev/down.sh

## test: the whole suite (lint, types, unit, integration against the real broker and database)
test: setup lint typecheck infra
	@.dev/k8s-check.sh
	@.dev/waf-test.sh
	@.dev/test.sh all

test-unit: setup
	@.dev/test.sh unit

test-int: setup infra
	@.dev/test.sh int

lint: setup
	@npx eslint --max-warnings=0 .

typecheck: setup
	@npx tsc -b

## bench: throughput and latency figures, each beside a baseline measured in the same run
bench: setup infra
	@.dev/bench.sh

infra: os-packages
	@.dev/kafka.sh install && .dev/kafka.sh start
	@.dev/postgres.sh install && .dev/postgres.sh start

setup: node_modules/.install-stamp

node_modules/.install-stamp: package-lock.json package.json $(wildcard libs/*/package.json services/*/package.json)
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

clean: down
	rm -rf node_modules .tsbuild .run

os-packages:
	@.dev/os-packages.sh
