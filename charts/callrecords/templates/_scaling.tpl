{{/*
KEDA on consumer lag (fetcher, indexer, aggregator). maxReplicaCount never exceeds the topic's
partitions: a consumer beyond them holds no partition and only adds rebalances.
*/}}
{{- define "callrecords.scaledobject" -}}
{{- $v := .root.Values -}}
{{- $own := get $v .component -}}
{{- $c := include "callrecords.component" . | fromYaml -}}
{{- if and (include "callrecords.enabled" .) $own.keda.enabled }}
{{- $members := int $own.keda.maxReplicaCount -}}
{{- if and (eq .component "fetcher") $v.reportPoller.enabled }}
{{- /* The report poller is a fetcher too, in the same consumer group. */}}
{{- $members = add1 $members -}}
{{- end }}
{{- if gt $members (int $own.keda.partitions) }}
{{- fail (printf "%s.keda.maxReplicaCount (%v) gives %v consumers of %s, above its %v partitions (%s.keda.partitions)" .component $own.keda.maxReplicaCount $members $c.topic $own.keda.partitions .component) }}
{{- end }}
{{- if lt (int $own.keda.minReplicaCount) 1 }}
{{- fail (printf "%s.keda.minReplicaCount must be at least 1: scaled to 0, a group without a committed offset never wakes" .component) }}
{{- end }}
{{- if gt (int $own.keda.minReplicaCount) (int $own.keda.maxReplicaCount) }}
{{- fail (printf "%s.keda.minReplicaCount (%v) is above maxReplicaCount (%v)" .component $own.keda.minReplicaCount $own.keda.maxReplicaCount) }}
{{- end }}
{{- $authenticated := or $v.kafka.sasl.enabled $v.kafka.tls.enabled }}
{{- if $authenticated }}
apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata:
  name: {{ include "callrecords.componentName" . }}
  labels:
    {{- include "callrecords.labels" . | nindent 4 }}
spec:
  secretTargetRef:
    {{- if $v.kafka.sasl.enabled }}
    - parameter: username
      name: {{ $v.kafka.sasl.existingSecret }}
      key: {{ $v.kafka.sasl.usernameKey }}
    - parameter: password
      name: {{ $v.kafka.sasl.existingSecret }}
      key: {{ $v.kafka.sasl.passwordKey }}
    {{- end }}
    {{- if and $v.kafka.tls.enabled $v.kafka.tls.caSecret.name }}
    - parameter: ca
      name: {{ $v.kafka.tls.caSecret.name }}
      key: {{ $v.kafka.tls.caSecret.key }}
    {{- end }}
---
{{- end }}
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: {{ include "callrecords.componentName" . }}
  labels:
    {{- include "callrecords.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    name: {{ include "callrecords.componentName" . }}
  pollingInterval: {{ $own.keda.pollingInterval }}
  cooldownPeriod: {{ $own.keda.cooldownPeriod }}
  minReplicaCount: {{ $own.keda.minReplicaCount }}
  maxReplicaCount: {{ $own.keda.maxReplicaCount }}
  advanced:
    horizontalPodAutoscalerConfig:
      behavior:
        scaleDown:
          stabilizationWindowSeconds: 300
  triggers:
    - type: kafka
      metadata:
        bootstrapServers: {{ $v.kafka.brokers | quote }}
        consumerGroup: {{ printf "%s%s" $v.kafka.topicPrefix $c.group | quote }}
        topic: {{ printf "%s%s" $v.kafka.topicPrefix $c.topic | quote }}
        lagThreshold: {{ $own.keda.lagThreshold | quote }}
        activationLagThreshold: "0"
        offsetResetPolicy: earliest
        allowIdleConsumers: "false"
        {{- if $v.kafka.sasl.enabled }}
        sasl: {{ $v.kafka.sasl.mechanism | replace "-" "_" | replace "scram_sha_256" "scram_sha256" | replace "scram_sha_512" "scram_sha512" | replace "plain" "plaintext" | quote }}
        {{- end }}
        {{- if $v.kafka.tls.enabled }}
        tls: enable
        {{- end }}
      {{- if $authenticated }}
      authenticationRef:
        name: {{ include "callrecords.componentName" . }}
      {{- end }}
{{- end }}
{{- end -}}

{{- define "callrecords.servicemonitor" -}}
{{- $v := .root.Values -}}
{{- if and (include "callrecords.enabled" .) $v.metrics.serviceMonitor.enabled }}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "callrecords.componentName" . }}
  labels:
    {{- include "callrecords.labels" . | nindent 4 }}
    {{- with $v.metrics.serviceMonitor.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  selector:
    matchLabels:
      {{- include "callrecords.selectorLabels" . | nindent 6 }}
  endpoints:
    - port: http
      path: /metrics
      interval: {{ $v.metrics.serviceMonitor.interval }}
{{- end }}
{{- end -}}

{{/*
Deny by default. In: the release's own pods and metricsFrom on the service port; ingestion and the
gateway also from ingressFrom (anywhere when empty). Out: DNS, Kafka, and OpenSearch or Graph/Entra
for the components that use them.
*/}}
{{- define "callrecords.networkpolicy" -}}
{{- $v := .root.Values -}}
{{- $c := include "callrecords.component" . | fromYaml -}}
{{- if and (include "callrecords.enabled" .) $v.networkPolicy.enabled }}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "callrecords.componentName" . }}
  labels:
    {{- include "callrecords.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "callrecords.selectorLabels" . | nindent 6 }}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - podSelector:
            matchLabels:
              {{- include "callrecords.selectorLabels" (dict "root" .root) | nindent 14 }}
        {{- with $v.networkPolicy.metricsFrom }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      ports:
        - port: http
    {{- if $c.public }}
    - {{- with $v.networkPolicy.ingressFrom }}
      from:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      ports:
        - port: http
    {{- end }}
  egress:
    - ports:
        - { port: 53, protocol: UDP }
        - { port: 53, protocol: TCP }
    - to:
        {{- toYaml $v.networkPolicy.kafka.to | nindent 8 }}
      ports:
        {{- range $v.networkPolicy.kafka.ports }}
        - { port: {{ . }}, protocol: TCP }
        {{- end }}
    {{- if $c.opensearch }}
    - to:
        {{- toYaml $v.networkPolicy.opensearch.to | nindent 8 }}
      ports:
        {{- range $v.networkPolicy.opensearch.ports }}
        - { port: {{ . }}, protocol: TCP }
        {{- end }}
    {{- end }}
    {{- if $c.graph }}
    - to:
        {{- toYaml $v.networkPolicy.graph.to | nindent 8 }}
      ports:
        {{- range $v.networkPolicy.graph.ports }}
        - { port: {{ . }}, protocol: TCP }
        {{- end }}
    {{- end }}
{{- end }}
{{- end -}}
