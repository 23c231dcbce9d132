# shellcheck shell=bash
# shellcheck disable=SC2034 # the variables are for the scripts that source this file
# The dev release on the local cluster, shared by test.sh (make test-cluster) and dev.sh
# (make dev-cluster). Source it after lib.sh with the cluster's env loaded (KUBECONFIG).
#   k ARGS / kn ARGS           kubectl (kn: in $NS)
#   ref_of SERVICE             the image make images built (localhost/rooms-sync/SERVICE:TAG)
#   service_url NAME PORT      http://<cluster IP>:<port> of the port named PORT of Service NAME
#   dev_install_args           the chart's values for the dev release: values-dev.yaml, the images
#   namespace NAME             created or kept, Pod Security "restricted" enforced and warned
#   dev_dependencies           dev Secret, Services for the host's Kafka and PostgreSQL, simulator
NS=rooms
RELEASE=rooms-sync
CHART=charts/rooms-sync
kubectl_bin="$("$ROOMS_ROOT/.dev/cluster/bins.sh")/kubectl"
helm_bin=$("$ROOMS_ROOT/.dev/helm.sh")
k() { "$kubectl_bin" "$@"; }
kn() { "$kubectl_bin" -n "$NS" "$@"; }

ref_of() {
  local f="$ROOMS_RUN/images/$1.ref"
  [ -s "$f" ] || die "no image for $1: make images"
  cat "$f"
}
tag_of() { local r; r=$(ref_of "$1"); printf '%s\n' "${r##*:}"; }

# Read from the Service as deployed: its ports are the chart's values (ports.http, ports.ops)
# and k8s/exchange-simulator.yaml, not numbers repeated here.
service_url() {
  kn get service "$1" -o jsonpath="http://{.spec.clusterIP}:{.spec.ports[?(@.name==\"$2\")].port}"
}

# The chart's image is <registry>/<repository>:<tag>; the pods run the exact images just built,
# without a registry (make cluster loads them into containerd). The migration Job runs too: the
# database is up before the chart (it is the host's), so the hook cannot race it.
dev_install_args() {
  install_args=(-f "$CHART/values-dev.yaml" --set image.registry=localhost/rooms-sync --set migrations.enabled=true
    --set "webhookIngress.tag=$(tag_of webhook-ingress)"
    --set "subscriptionManager.tag=$(tag_of subscription-manager)"
    --set "syncProjector.tag=$(tag_of sync-projector)")
}

namespace() {
  k create namespace "$1" --dry-run=client -o yaml | k apply -f - >/dev/null
  k label --overwrite namespace "$1" pod-security.kubernetes.io/enforce=restricted pod-security.kubernetes.io/warn=restricted
}

dev_dependencies() {
  namespace "$NS"
  kn apply -f k8s/dev-secrets.yaml
  "$ROOMS_ROOT/.dev/cluster/cluster.sh" apply-host-services "$NS"
  sed "s|image: rooms-sync/exchange-simulator|image: $(ref_of exchange-simulator)|" k8s/exchange-simulator.yaml | kn apply -f -
  kn rollout status deployment/exchange-simulator --timeout=120s
}
