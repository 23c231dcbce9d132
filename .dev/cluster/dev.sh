#!/usr/bin/env bash
# make dev-cluster: the Skaffold loop (build, deploy) as one command, for machines without
# Skaffold or Docker. Rebuilds the images (unchanged ones keep their content-derived tag, so
# their pods are left alone), loads new ones into the cluster's containerd, and installs or
# upgrades the dev release beside the simulator. Run it again after each change.
set -euo pipefail
# shellcheck source=.dev/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
cd "$ROOMS_ROOT"

"$ROOMS_ROOT/.dev/images.sh" build
"$ROOMS_ROOT/.dev/cluster/cluster.sh" load-images
# shellcheck source=/dev/null
. "$ROOMS_RUN/cluster/env"
export KUBECONFIG
# shellcheck source=.dev/cluster/release.sh
. "$ROOMS_ROOT/.dev/cluster/release.sh"
dev_install_args
dev_dependencies >"$ROOMS_RUN/cluster/logs/dev-dependencies.log" 2>&1 \
  || die "dev dependencies failed: $(tail -n 5 "$ROOMS_RUN/cluster/logs/dev-dependencies.log")"
"$helm_bin" upgrade --install "$RELEASE" "$CHART" -n "$NS" "${install_args[@]}" --wait --timeout 5m >/dev/null \
  || die "helm upgrade --install failed: kubectl -n $NS get pods; kubectl -n $NS logs deploy/<name>"

cat <<TXT

rooms-sync is deployed on the local cluster (namespace $NS; export KUBECONFIG=$KUBECONFIG):
  webhook-ingress     $(service_url "$RELEASE-webhook-ingress" http)/healthz
  sync-projector      $(service_url "$RELEASE-sync-projector" ops)/api/reservations?room=room-101@contoso.example
  exchange-simulator  $(service_url exchange-simulator http)/admin/subscriptions
  database            postgres://rooms_sync:rooms_sync@$PG_HOST:$PG_PORT/rooms_sync (DatabaseUrl for npm run cli -- rooms add …)
Service addresses answer from this machine (kube-proxy's rules); nothing is exposed beyond it.
TXT
