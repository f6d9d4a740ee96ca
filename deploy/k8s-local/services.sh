#!/usr/bin/env bash
# Kafka and OpenSearch for the cluster's pods: a private instance of deploy/local's stack that listens
# on every interface and advertises the node's address, which pods reach through the bridge. The
# machine's own stack (127.0.0.1:9092/9200) stays untouched: its Kafka advertises 127.0.0.1, which
# inside a pod is the pod itself. Data in the cluster's state folder (down.sh stops and deletes it);
# jars cached beside the other tools.
#   bash deploy/k8s-local/services.sh up      # prints {"kafkaBrokers":[...],"opensearchUrl":"..."}
#   bash deploy/k8s-local/services.sh down
# Env: CALLRECORDS_K8S_KAFKA_PORT (19092; controller +1), CALLRECORDS_K8S_OPENSEARCH_PORT (19200;
# transport +100).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
source "$here/env.sh"
[ -f "$K8S_STATE/node-ip" ] || { echo "k8s-local: the cluster is not up (no $K8S_STATE/node-ip)" >&2; exit 1; }
kafka_port="${CALLRECORDS_K8S_KAFKA_PORT:-19092}"
opensearch_port="${CALLRECORDS_K8S_OPENSEARCH_PORT:-19200}"
export CALLRECORDS_STACK_DIR="$K8S_STATE/stack" CALLRECORDS_STACK_HOST="$(cat "$K8S_STATE/node-ip")"
export KAFKA_PORT="$kafka_port" KAFKA_CONTROLLER_PORT="$((kafka_port + 1))"
export OPENSEARCH_PORT="$opensearch_port" OPENSEARCH_TRANSPORT_PORT="$((opensearch_port + 100))"
stack() { bash "$root/scripts/node24.sh" node "$root/deploy/local/stack.mts" "$@"; }
case "${1:-}" in
  up)
    mkdir -p "$CALLRECORDS_TOOLS_DIR/stack-jars" "$CALLRECORDS_STACK_DIR"
    [ -e "$CALLRECORDS_STACK_DIR/lib" ] || ln -s "$CALLRECORDS_TOOLS_DIR/stack-jars" "$CALLRECORDS_STACK_DIR/lib"
    stack up --json
    ;;
  down) [ ! -d "$CALLRECORDS_STACK_DIR" ] || stack down ;;
  *) echo "usage: services.sh up|down" >&2; exit 2 ;;
esac
