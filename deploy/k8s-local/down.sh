#!/usr/bin/env bash
# Tears the local cluster down and leaves the machine as up.sh found it: workloads deleted while the
# kubelet still runs (so CNI releases each pod's network), every process stopped by its PID, kube-proxy's
# and the kubelet's iptables chains removed, leftover mounts, network namespaces, veths and the bridge
# removed, sysctls restored, the state folder deleted. Binaries and images stay cached.
#   bash deploy/k8s-local/down.sh        (KEEP_STATE=1 keeps the state folder, e.g. to read logs)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/env.sh"
# Nothing up (no state folder): nothing to undo, and kube-proxy --cleanup must not run (it would
# create iptables tables of its own).
[ -d "$K8S_STATE" ] || { echo "k8s-local: nothing to tear down" >&2; exit 0; }
sock="$K8S_STATE/containerd/containerd.sock"
started=$SECONDS
say() { echo "k8s-local: [$((SECONDS - started))s] $*" >&2; }
alive() { [ -f "$K8S_STATE/run/$1.pid" ] && kill -0 "$(cat "$K8S_STATE/run/$1.pid")" 2>/dev/null; }

if alive kube-apiserver && alive kubelet && kubectl get --raw /readyz >/dev/null 2>&1; then
  # Controllers first (they would replace pods), then every pod with a 1 s grace period (a namespace
  # deletion would give each its own, up to 45 s), then the namespaces.
  kubectl delete deploy,statefulset,daemonset,job,replicaset --all -A --wait=false >/dev/null 2>&1
  kubectl delete pods --all -A --grace-period=1 --wait=false >/dev/null 2>&1
  for ns in $(kubectl get ns -o name | sed 's|namespace/||' | grep -v -x -e default -e kube-system -e kube-public -e kube-node-lease); do
    kubectl delete ns "$ns" --wait=false >/dev/null 2>&1
  done
  # The kubelet stops each sandbox and runs CNI DEL; wait until containerd runs nothing.
  for _ in $(seq 90); do
    [ -z "$(ctr --address "$sock" -n k8s.io tasks ls -q 2>/dev/null)" ] && break
    sleep 1
  done
  say "pods stopped"
fi
if alive containerd; then
  for task in $(ctr --address "$sock" -n k8s.io tasks ls -q 2>/dev/null); do
    ctr --address "$sock" -n k8s.io tasks kill -s KILL "$task" >/dev/null 2>&1
  done
fi

# The private Kafka and OpenSearch of services.sh, if started.
bash "$here/services.sh" down >/dev/null 2>&1
say "Kafka and OpenSearch for pods stopped"

for name in kube-proxy kubelet containerd kube-scheduler kube-controller-manager kube-apiserver etcd; do
  pidfile="$K8S_STATE/run/$name.pid"
  [ -f "$pidfile" ] || continue
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  rm -f "$pidfile"
done
# Shims of this containerd only (their command line names its socket).
for pid in $(pgrep -f containerd-shim 2>/dev/null); do
  grep -qa "$sock" "/proc/$pid/cmdline" 2>/dev/null && kill -9 "$pid" 2>/dev/null
done

say "processes stopped"
[ -x "$K8S_BIN/kube-proxy" ] && "$K8S_BIN/kube-proxy" --cleanup >/dev/null 2>&1
# Pod network namespaces that were not there before up.sh, and every mount under the state folder.
if [ -f "$K8S_STATE/netns.before" ]; then
  for ns in /run/netns/cni-*; do
    [ -e "$ns" ] || continue
    grep -qx "$ns" "$K8S_STATE/netns.before" && continue
    umount "$ns" 2>/dev/null
    rm -f "$ns"
  done
fi
awk -v s="$K8S_STATE" 'index($2, s) == 1 {print $2}' /proc/mounts | sort -r | xargs -r -n1 umount -l
for link in $(ip -o link show master "$K8S_BRIDGE" 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1); do
  ip link del "$link" 2>/dev/null
done
ip link del "$K8S_BRIDGE" 2>/dev/null

# The bridge plugin's masquerade chains (their comment names the network) and the kubelet's own chains.
for chain in $(iptables -t nat -S POSTROUTING 2>/dev/null | grep "name: \\\\\"$K8S_CNI_NETWORK\\\\\"" | grep -o 'CNI-[0-9a-f]*' | sort -u); do
  iptables -t nat -S POSTROUTING | grep -- "-j $chain" | sed 's/^-A/-D/' | while read -r rule; do
    eval iptables -t nat "$rule"
  done
  iptables -t nat -F "$chain" && iptables -t nat -X "$chain"
done
for ipt in iptables ip6tables; do
  $ipt -D INPUT -j KUBE-FIREWALL 2>/dev/null
  $ipt -D OUTPUT -j KUBE-FIREWALL 2>/dev/null
  for table in filter nat mangle; do
    for chain in KUBE-FIREWALL KUBE-KUBELET-CANARY KUBE-IPTABLES-HINT KUBE-PROXY-CANARY; do
      $ipt -t "$table" -F "$chain" 2>/dev/null && $ipt -t "$table" -X "$chain" 2>/dev/null
    done
  done
done
# Tables that iptables-nft created for the cluster and that are empty again (base chains, no rules).
if [ -f "$K8S_STATE/nft-tables.before" ] && command -v nft >/dev/null; then
  nft list tables 2>/dev/null | while read -r _ family name; do
    grep -qx "table $family $name" "$K8S_STATE/nft-tables.before" && continue
    nft list table "$family" "$name" 2>/dev/null | grep -qvE '^\s*(table |chain |type |policy |\}|$)' && continue
    nft delete table "$family" "$name" 2>/dev/null
  done
fi
if [ -f "$K8S_STATE/sysctl.before" ]; then
  while IFS='=' read -r key value; do sysctl -q -w "$key=$value" 2>/dev/null; done <"$K8S_STATE/sysctl.before"
fi
[ "${KEEP_STATE:-0}" = 1 ] || rm -rf "$K8S_STATE"
echo "k8s-local: down" >&2
