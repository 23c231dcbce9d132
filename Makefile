# Every target runs with the project's pinned Node 24 (installed into the cache
# by .dev/node.sh), never with the machine's own Node.
SHELL := /bin/bash
NODE_BIN := $(shell .dev/node.sh)
export PATH := $(NODE_BIN):$(PATH)
# npm on these machines carries a user `nodedir` for Node 20 headers; nothing here builds addons.
export npm_config_nodedir :=

.PHONY: os-packages up down test test-unit test-int test-faults lint format typecheck bench bench-scale infra setup clean images cluster cluster-down test-cluster dev-cluster

## up: broker, database, simulator and all services, then the live demo (PROMETHEUS=1: and a Prometheus scraping them)
up: setup infra
	@PROMETHEUS=$(PROMETHEUS) .dev/up.sh

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

## test-faults: the fault suite: bookings streamed through all four services while one fault at a time is injected
test-faults: setup infra
	@.dev/test.sh faults

## lint: prettier, eslint, the architecture rules (.dependency-cruiser.mjs) and the copy detector (.jscpd.json)
# jscpd 5.3.2 (5.4.1 installs but does not run) counts a clone's lines as last minus first, so
# `minLines: 5` is what fails a block of 6 copied lines (tests/lint/src/copies.test.ts).
lint: setup
	@npx prettier --check --log-level=warn . || { echo "unformatted: make format"; exit 1; }
	@npx eslint --max-warnings=0 .
	@npx depcruise --config .dependency-cruiser.mjs --output-type err libs services tests
	@npx jscpd --config .jscpd.json --silent . >/dev/null 2>&1 || { npx jscpd --config .jscpd.json --no-tips --no-colors .; exit 1; }

## format: rewrite every source file the way make lint expects it (prettier)
format: setup
	@npx prettier --write --log-level=warn .

typecheck: setup
	@npx tsc -b

## bench: throughput and latency figures, each beside a baseline measured in the same run
bench: setup infra
	@.dev/bench.sh

## bench-scale: 1,000 rooms (BENCH_SCALE_ROOMS) through subscribe, idle, a nine-o'clock burst and a 10-minute soak
bench-scale: setup infra
	@.dev/bench-scale.sh

## images: every service image built from its Dockerfile (buildah), then smoke-run (podman)
images: setup
	@.dev/images.sh

## cluster: a real single-node Kubernetes on this machine (as root); prints the kubeconfig path
cluster:
	@.dev/cluster/cluster.sh up

## cluster-down: stop it, removing every process, mount, interface and iptables rule it made
cluster-down:
	@.dev/cluster/cluster.sh down

## test-cluster: the chart installed, upgraded and uninstalled on that cluster, with those images
test-cluster: setup images cluster
	@.dev/cluster/cluster.sh load-images
	@.dev/cluster/test.sh

## dev-cluster: the Skaffold loop without Skaffold: rebuild changed images, helm upgrade --install
dev-cluster: setup cluster
	@.dev/cluster/dev.sh

infra: os-packages
	@.dev/kafka.sh install && .dev/kafka.sh start
	@.dev/postgres.sh install && .dev/postgres.sh start

setup: node_modules/.install-stamp

node_modules/.install-stamp: package-lock.json package.json $(wildcard libs/*/package.json services/*/package.json)
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

clean: down cluster-down
	rm -rf node_modules .tsbuild .run

os-packages:
	@.dev/os-packages.sh
