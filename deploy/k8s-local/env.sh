#!/usr/bin/env bash
# Sourced by up.sh, down.sh and the cluster tests: where the local cluster keeps its binaries
# (cache, kept), its state (removed by down.sh) and which addresses it uses.
CALLRECORDS_TOOLS_DIR="${CALLRECORDS_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/callrecords/tools}"
K8S_VERSION="${K8S_VERSION:-v1.37.2}"
ETCD_VERSION="${ETCD_VERSION:-v3.6.16}"
COREDNS_VERSION="${COREDNS_VERSION:-v1.15.0}"
K8S_BIN="$CALLRECORDS_TOOLS_DIR/kubernetes-$K8S_VERSION"
ETCD_BIN="$CALLRECORDS_TOOLS_DIR/etcd-$ETCD_VERSION/etcd"
COREDNS_BIN="$CALLRECORDS_TOOLS_DIR/coredns-$COREDNS_VERSION/coredns"
PAUSE_BIN="$CALLRECORDS_TOOLS_DIR/pause-$K8S_VERSION/pause"
# Everything the running cluster writes (pki, etcd data, containerd root, kubelet dir, logs, pids).
K8S_STATE="${CALLRECORDS_K8S_STATE:-/var/tmp/callrecords-k8s}"
# Pod and Service ranges: private ranges the host's routes must not already use (up.sh checks).
K8S_POD_CIDR="${CALLRECORDS_K8S_POD_CIDR:-10.244.0.0/24}"
K8S_SERVICE_CIDR="${CALLRECORDS_K8S_SERVICE_CIDR:-10.96.0.0/16}"
K8S_DNS_IP="${CALLRECORDS_K8S_DNS_IP:-10.96.0.10}"
K8S_BRIDGE=callrecords0
K8S_CNI_NETWORK=callrecords-k8s
K8S_NODE=callrecords-node
K8S_API_PORT="${CALLRECORDS_K8S_API_PORT:-16443}"
K8S_ETCD_PORT="${CALLRECORDS_K8S_ETCD_PORT:-12379}"
KUBECONFIG="$K8S_STATE/pki/admin.kubeconfig"
export CALLRECORDS_TOOLS_DIR K8S_STATE KUBECONFIG
PATH="$K8S_BIN:$PATH"
