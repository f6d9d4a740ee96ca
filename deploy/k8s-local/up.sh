#!/usr/bin/env bash
# Brings up a real single-node Kubernetes on this machine, without Docker: etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler, containerd (own socket), kubelet, kube-proxy and CoreDNS,
# with the project's images imported from podman. Needs root. Binaries come from tools.sh (cached;
# built from the Go module proxy the first time). `down.sh` undoes all of it.
#   bash deploy/k8s-local/up.sh                 # then: export KUBECONFIG=/var/tmp/callrecords-k8s/pki/admin.kubeconfig
# Env: CALLRECORDS_K8S_IMAGES (podman image names to import; default every localhost/callrecords-*).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/env.sh"
started=$SECONDS
say() { echo "k8s-local: [$((SECONDS - started))s] $*" >&2; }

[ "$(id -u)" -eq 0 ] || { echo "k8s-local: up.sh needs root (kubelet, containerd, iptables)" >&2; exit 1; }
if [ -f "$K8S_STATE/run/kube-apiserver.pid" ] && kill -0 "$(cat "$K8S_STATE/run/kube-apiserver.pid")" 2>/dev/null; then
  echo "k8s-local: already up (state $K8S_STATE); run down.sh first" >&2
  exit 1
fi

# Debian packages: containerd 1.6 (CRI), runc, the CNI plugins, podman (images), iptables, openssl.
missing=()
for pair in containerd:containerd runc:runc podman:podman iptables:iptables nft:nftables openssl:openssl ip:iproute2; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || [ -x "/usr/sbin/${pair%%:*}" ] || missing+=("${pair##*:}")
done
[ -x /usr/lib/cni/bridge ] || missing+=(containernetworking-plugins)
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]} from Debian's packages"
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    { apt-get update -qq && apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
fi
bash "$here/tools.sh" >/dev/null

# The pod and Service ranges must not shadow a route the host already has.
for cidr in "$K8S_POD_CIDR" "$K8S_SERVICE_CIDR"; do
  if ip -4 route show to match "${cidr%/*}" | grep -v '^default' | grep -q .; then
    echo "k8s-local: $cidr overlaps a host route ($(ip -4 route show to match "${cidr%/*}" | grep -v '^default')); set CALLRECORDS_K8S_POD_CIDR / _SERVICE_CIDR" >&2
    exit 1
  fi
done
node_ip="$(ip -4 -o route get 1.1.1.1 2>/dev/null | sed -n 's/.* src \([0-9.]*\).*/\1/p')"
[ -n "$node_ip" ] || node_ip="$(ip -4 -o addr show scope global | awk '{print $4}' | cut -d/ -f1 | head -1)"

mkdir -p "$K8S_STATE"/{run,log,cni/net.d,containerd,kubelet,images}
echo "$node_ip" >"$K8S_STATE/node-ip"
# What down.sh restores: the sysctls the CNI bridge and kube-proxy may change.
[ -f "$K8S_STATE/sysctl.before" ] || sysctl -e net.ipv4.ip_forward net.ipv4.conf.all.route_localnet \
  net.bridge.bridge-nf-call-iptables 2>/dev/null | sed 's/ = /=/' >"$K8S_STATE/sysctl.before" || true
ls -d /run/netns/cni-* 2>/dev/null >"$K8S_STATE/netns.before" || true
# nftables tables (iptables-nft creates them on first use: kube-proxy adds ip6 and mangle ones).
[ -f "$K8S_STATE/nft-tables.before" ] || nft list tables 2>/dev/null >"$K8S_STATE/nft-tables.before" || true
[ -f "$K8S_STATE/pki/ca.crt" ] || bash "$here/pki.sh" "$K8S_STATE/pki" "$K8S_NODE" "$node_ip" "$K8S_API_PORT"
render() { # template -> stdout
  sed -e "s|@STATE@|$K8S_STATE|g" -e "s|@K8S_VERSION@|$K8S_VERSION|g" -e "s|@BRIDGE@|$K8S_BRIDGE|g" \
    -e "s|@CNI_NETWORK@|$K8S_CNI_NETWORK|g" -e "s|@POD_CIDR@|$K8S_POD_CIDR|g" -e "s|@DNS_IP@|$K8S_DNS_IP|g" \
    -e "s|@NODE_IP@|$node_ip|g" -e "s|@COREDNS_VERSION@|$COREDNS_VERSION|g" "$1"
}
render "$here/conf/containerd.toml" >"$K8S_STATE/containerd/config.toml"
render "$here/conf/cni.conflist" >"$K8S_STATE/cni/net.d/10-callrecords.conflist"
render "$here/conf/kubelet-config.yaml" >"$K8S_STATE/kubelet/config.yaml"

start() { # name command...: detached, logs and pid in the state folder
  local name="$1"
  shift
  setsid "$@" >"$K8S_STATE/log/$name.log" 2>&1 </dev/null &
  echo $! >"$K8S_STATE/run/$name.pid"
}
wait_for() { # description seconds command...
  local what="$1" seconds="$2"
  shift 2
  for _ in $(seq $((seconds * 2))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "k8s-local: $what not ready after ${seconds}s; logs in $K8S_STATE/log" >&2
  return 1
}
pki="$K8S_STATE/pki"

start etcd "$ETCD_BIN" --name callrecords --data-dir "$K8S_STATE/etcd" \
  --listen-client-urls "http://127.0.0.1:$K8S_ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$K8S_ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:$((K8S_ETCD_PORT + 1))" \
  --initial-advertise-peer-urls "http://127.0.0.1:$((K8S_ETCD_PORT + 1))" \
  --initial-cluster "callrecords=http://127.0.0.1:$((K8S_ETCD_PORT + 1))"
wait_for etcd 30 curl -sf "http://127.0.0.1:$K8S_ETCD_PORT/health"

# Bound to the node address only: pods reach it through the kubernetes Service (10.96.0.1), whose
# endpoint cannot be a loopback address.
start kube-apiserver "$K8S_BIN/kube-apiserver" --etcd-servers="http://127.0.0.1:$K8S_ETCD_PORT" \
  --bind-address="$node_ip" --advertise-address="$node_ip" --secure-port="$K8S_API_PORT" \
  --service-cluster-ip-range="$K8S_SERVICE_CIDR" --allow-privileged=true \
  --client-ca-file="$pki/ca.crt" --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
  --kubelet-client-certificate="$pki/apiserver-kubelet-client.crt" --kubelet-client-key="$pki/apiserver-kubelet-client.key" \
  --kubelet-certificate-authority="$pki/ca.crt" --kubelet-preferred-address-types=InternalIP \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local --service-account-key-file="$pki/sa.pub" \
  --service-account-signing-key-file="$pki/sa.key" --authorization-mode=Node,RBAC \
  --enable-admission-plugins=NodeRestriction
wait_for kube-apiserver 120 kubectl get --raw /readyz
say "API server ready at https://$node_ip:$K8S_API_PORT"

start kube-controller-manager "$K8S_BIN/kube-controller-manager" --kubeconfig="$pki/controller-manager.kubeconfig" \
  --authentication-kubeconfig="$pki/controller-manager.kubeconfig" --authorization-kubeconfig="$pki/controller-manager.kubeconfig" \
  --bind-address=127.0.0.1 --leader-elect=false --use-service-account-credentials=true \
  --cluster-signing-cert-file="$pki/ca.crt" --cluster-signing-key-file="$pki/ca.key" --root-ca-file="$pki/ca.crt" \
  --service-account-private-key-file="$pki/sa.key" --service-cluster-ip-range="$K8S_SERVICE_CIDR" \
  --allocate-node-cidrs=false
start kube-scheduler "$K8S_BIN/kube-scheduler" --kubeconfig="$pki/scheduler.kubeconfig" \
  --authentication-kubeconfig="$pki/scheduler.kubeconfig" --authorization-kubeconfig="$pki/scheduler.kubeconfig" \
  --bind-address=127.0.0.1 --leader-elect=false

sock="$K8S_STATE/containerd/containerd.sock"
start containerd containerd --config "$K8S_STATE/containerd/config.toml"
wait_for containerd 30 ctr --address "$sock" version
bash "$here/images.sh"
say "images imported"

start kubelet "$K8S_BIN/kubelet" --config="$K8S_STATE/kubelet/config.yaml" \
  --kubeconfig="$pki/kubelet.kubeconfig" --hostname-override="$K8S_NODE" --node-ip="$node_ip" \
  --root-dir="$K8S_STATE/kubelet/root" --cert-dir="$K8S_STATE/kubelet/pki" --v=1
# iptables mode; NodePorts only on the node address; conntrack sysctls left alone.
start kube-proxy "$K8S_BIN/kube-proxy" --kubeconfig="$pki/kube-proxy.kubeconfig" \
  --hostname-override="$K8S_NODE" --cluster-cidr="$K8S_POD_CIDR" --proxy-mode=iptables \
  --conntrack-max-per-core=0 --conntrack-tcp-timeout-established=0 --conntrack-tcp-timeout-close-wait=0 \
  --nodeport-addresses="$node_ip/32" --healthz-bind-address=127.0.0.1:10256 --metrics-bind-address=127.0.0.1:10249
wait_for "node $K8S_NODE" 120 kubectl get node "$K8S_NODE"
kubectl wait --for=condition=Ready "node/$K8S_NODE" --timeout=120s >/dev/null
say "node Ready"

render "$here/conf/coredns.yaml" | kubectl apply -f - >/dev/null
coredns_ready() { [ "$(kubectl -n kube-system get deploy coredns -o 'jsonpath={.status.readyReplicas}')" = 1 ]; }
wait_for CoreDNS 180 coredns_ready
wait_for "default ServiceAccount" 60 kubectl get serviceaccount default
say "CoreDNS Ready; cluster up (KUBECONFIG=$KUBECONFIG)"
echo "$KUBECONFIG"
