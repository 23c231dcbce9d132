# syntax=docker/dockerfile:1
# The image of one service, named by the build argument SERVICE (its folder under services/).
# Build from the repository root (context "."):
#   docker build --build-arg SERVICE=webhook-ingress -t rooms-sync/webhook-ingress .
# SERVICE: webhook-ingress, subscription-manager, sync-projector, or exchange-simulator (the
# stand-in for Exchange, which only the dev values of the chart run). One file for all four: the
# images differ only in which service and libs they hold, and the stages below work that out
# from SERVICE and the package.json files, so four copies cannot drift apart.
#
# An image holds the service, the libs its package.json dependencies reach and their production
# npm dependencies: no tests, fixtures, test helpers or benches (.dockerignore keeps them out of
# the build context), and no lib the service does not use (libs/exchange-sim is only in the
# simulator's image). `make images` checks this on every image it builds.
#
# Base: the project's pinned Node (.dev/node.sh, 24.21.0) on Debian bookworm-slim. Pinned
# by exact version tag, not digest: no registry is reachable where this file was
# written, so the digest could not be read, and a made-up one would break the build.
# Pin it with `docker buildx imagetools inspect node:24.21.0-bookworm-slim` once
# a registry is at hand (FROM node:24.21.0-bookworm-slim@sha256:<digest>).
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

# Only the npm manifests, so the dependency layers are rebuilt only when they change
# (COPY --from is cached by content).
FROM ${NODE_IMAGE} AS manifests
WORKDIR /app
COPY . .
RUN find . -type f ! -name package.json ! -name package-lock.json -delete \
 && find . -type d -empty -delete

# Build: all dependencies, then the type check. Node runs the TypeScript as is (type
# stripping), so the type check is the build, and it gates the image. It checks the service
# and the libs it references: the test workspaces the root tsconfig.json also names are not in
# the build context (.dockerignore).
# The optional build secret npm_ca is a CA bundle npm must trust to reach its registry on
# machines behind a TLS-inspecting proxy (see .dev/images.sh); it is never in a layer, and
# without it npm uses Node's own CAs.
# SERVICE is declared only where it is used, so the layers before it are shared by every image.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY --from=manifests /app ./
RUN --mount=type=cache,target=/root/.npm \
    --mount=type=secret,id=npm_ca,required=false \
    if [ -s /run/secrets/npm_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm_ca; fi \
 && npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json ./
COPY libs ./libs
COPY services ./services
ARG SERVICE
RUN test -f "services/${SERVICE}/src/main.ts" \
    || { echo "SERVICE='${SERVICE}' names no service (services/<name>/src/main.ts)" >&2; exit 1; } \
 && npx tsc -b "services/${SERVICE}"

# The application files: the service and the workspaces its "dependencies" reach, following
# them from package.json to package.json rather than from a list here, so a lib a service
# starts to use comes along by itself. devDependencies are not followed (ews-client's on the
# simulator lib serves its tests only). Each workspace brings its package.json (exports, module
# type) and src/; tsconfig.json, READMEs and libs/kafka/patches are not needed at run time.
# Taken from the build stage: what the image runs is what was type-checked.
FROM build AS app
ARG SERVICE
RUN mkdir /out && cp package.json /out/ \
 && node -e ' \
      const fs = require("node:fs"); \
      const manifest = (dir) => JSON.parse(fs.readFileSync(dir + "/package.json", "utf8")); \
      const dirOf = new Map(); \
      for (const root of ["libs", "services"]) \
        for (const name of fs.readdirSync(root)) dirOf.set(manifest(root + "/" + name).name, root + "/" + name); \
      const closure = new Set(); \
      const visit = (dir) => { \
        if (closure.has(dir)) return; \
        closure.add(dir); \
        for (const dep of Object.keys(manifest(dir).dependencies ?? {})) if (dirOf.has(dep)) visit(dirOf.get(dep)); \
      }; \
      visit(process.argv[1]); \
      console.log([...closure].sort().join("\n"));' "services/${SERVICE}" >/tmp/workspaces \
 && while read -r dir; do mkdir -p "/out/$dir" && cp -R "$dir/package.json" "$dir/src" "/out/$dir/"; done </tmp/workspaces

# Production dependencies of the service's workspaces only. npm, installing for one workspace,
# still installs the devDependencies of every workspace it reaches (npm/cli#6670: ews-client's
# test-only @rooms-sync/exchange-sim, the simulator lib's ews-javascript-api), so this stage
# first drops devDependencies from its copy of the manifests; npm ci accepts manifests that ask
# for less than the lock holds (it refuses only ones that ask for more or other versions).
# --ignore-scripts keeps dependencies' install scripts out, but also skips the root
# package.json postinstall: run it here, so the image's kafkajs carries the same patch as the
# one the tests ran with (where the service has no kafkajs, the script says so and does nothing).
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY --from=manifests /app ./
RUN node -e ' \
      const fs = require("node:fs"); \
      for (const file of process.argv.slice(1)) { \
        const manifest = JSON.parse(fs.readFileSync(file, "utf8")); \
        delete manifest.devDependencies; \
        fs.writeFileSync(file, JSON.stringify(manifest, null, 2) + "\n"); \
      }' package.json */*/package.json
ARG SERVICE
RUN --mount=type=cache,target=/root/.npm \
    --mount=type=secret,id=npm_ca,required=false \
    if [ -s /run/secrets/npm_ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/npm_ca; fi \
 && npm ci --omit=dev --workspace "services/${SERVICE}" --include-workspace-root=false \
      --no-audit --no-fund --ignore-scripts
# The runtime stage takes the root node_modules only: a workspace's own node_modules (npm makes
# one when two versions of a package cannot share the root) would be lost, so refuse it here.
RUN nested=$(find libs services -name node_modules -prune) \
 && if [ -n "$nested" ]; then echo "nested node_modules, not copied into the image: $nested" >&2; exit 1; fi
COPY libs/kafka/patches/apply.mjs ./libs/kafka/patches/
RUN node libs/kafka/patches/apply.mjs

FROM ${NODE_IMAGE} AS runtime
# tini as PID 1: forwards SIGTERM/SIGINT to node (which drains and exits) and reaps
# zombies; node as PID 1 would ignore signals it has no handler for yet.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=app /out ./
# No EXPOSE: the ports are settings (HttpPort, OpsPort, SIM_PORT) with their defaults in each
# service's settings table, and the chart declares the containerPorts Kubernetes uses. EXPOSE
# would be a third copy, per service, that nothing here reads.
# CMD is exec form, which does not expand build arguments: the service's folder reaches the
# shell through the environment, and exec leaves node as tini's only child. The chart's
# migration Job replaces CMD (args) and keeps the working directory /app. ROOMS_SYNC_NODE_FLAGS
# (the chart's nodeFlags) is left unquoted on purpose: each of its words becomes one of node's
# flags, the V8 flags Node refuses in NODE_OPTIONS; the chart's schema admits only --name[=value].
ARG SERVICE
ENV ROOMS_SYNC_SERVICE=${SERVICE}
# Files stay root-owned and read-only to the process; it writes only to /tmp, so the
# root file system can be mounted read-only. Numeric uid/gid = the chart's runAsUser.
USER 10001:10001
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["/bin/sh", "-c", "exec node $ROOMS_SYNC_NODE_FLAGS \"services/${ROOMS_SYNC_SERVICE}/src/main.ts\""]
