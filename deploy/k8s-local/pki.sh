#!/usr/bin/env bash
# Self-signed certificates and kubeconfigs of the local cluster (openssl only; 30 days; a few seconds).
# usage: pki.sh <dir> <node name> <node ip> <api port>
set -euo pipefail
dir="$1" node="$2" node_ip="$3" api_port="$4"
mkdir -p "$dir"
cd "$dir"
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 30 \
  -subj "/CN=callrecords-local-ca" 2>/dev/null
openssl genrsa -out sa.key 2048 2>/dev/null
openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null

cert() { # name CN O [subjectAltName]
  local name="$1" cn="$2" org="$3" san="${4:-}" subj="/CN=$2"
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    if [ -n "$san" ]; then
      echo "extendedKeyUsage=serverAuth,clientAuth"
      echo "subjectAltName=$san"
    else
      echo "extendedKeyUsage=clientAuth"
    fi
  } >"$name.ext"
  [ -n "$org" ] && subj="/O=$org/CN=$cn"
  openssl req -newkey rsa:2048 -nodes -keyout "$name.key" -out "$name.csr" -subj "$subj" 2>/dev/null
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -out "$name.crt" \
    -days 30 -extfile "$name.ext" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
}

svc="DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc"
cert apiserver kube-apiserver "" \
  "$svc,DNS:kubernetes.default.svc.cluster.local,DNS:localhost,IP:127.0.0.1,IP:10.96.0.1,IP:$node_ip"
cert admin admin system:masters
cert apiserver-kubelet-client kube-apiserver-kubelet-client system:masters
cert controller-manager system:kube-controller-manager ""
cert scheduler system:kube-scheduler ""
cert kube-proxy system:kube-proxy ""
cert kubelet-client "system:node:$node" system:nodes
cert kubelet-serving "$node" system:nodes "DNS:$node,DNS:localhost,IP:127.0.0.1,IP:$node_ip"

kubeconfig() { # name cert
  local ca crt key
  ca="$(base64 -w0 <ca.crt)" crt="$(base64 -w0 <"$2.crt")" key="$(base64 -w0 <"$2.key")"
  cat >"$1.kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters:
  - name: callrecords-local
    cluster: { server: 'https://$node_ip:$api_port', certificate-authority-data: $ca }
users:
  - name: $1
    user: { client-certificate-data: $crt, client-key-data: $key }
contexts:
  - name: callrecords-local
    context: { cluster: callrecords-local, user: $1 }
current-context: callrecords-local
KC
}
kubeconfig admin admin
kubeconfig controller-manager controller-manager
kubeconfig scheduler scheduler
kubeconfig kube-proxy kube-proxy
kubeconfig kubelet kubelet-client
chmod 600 ./*.key ./*.kubeconfig
