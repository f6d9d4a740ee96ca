{{/*
The non-secret configuration of a component, by the env names of its config.ts (STYLE 2.9). Rendered
into its ConfigMap; the Deployment carries the ConfigMap's checksum, so a change rolls the pods.
*/}}
{{- define "callrecords.kafkaConfig" -}}
{{- $v := .Values -}}
KAFKA_BROKERS: {{ $v.kafka.brokers | quote }}
KAFKA_TOPIC_PREFIX: {{ $v.kafka.topicPrefix | quote }}
KAFKA_SSL: {{ ternary "true" "false" $v.kafka.tls.enabled | quote }}
PRIVACY_RETENTION_DAYS: {{ $v.privacy.retentionDays | toString | quote }}
{{- if $v.kafka.sasl.enabled }}
KAFKA_SASL_MECHANISM: {{ $v.kafka.sasl.mechanism | quote }}
{{- end }}
{{- end -}}

{{- define "callrecords.openSearchConfig" -}}
OPENSEARCH_URL: {{ .Values.opensearch.url | quote }}
OPENSEARCH_INDEX_PREFIX: {{ .Values.opensearch.indexPrefix | quote }}
{{- end -}}

{{- define "callrecords.indexesConfig" -}}
{{- $i := .Values.indexes -}}
INDEXER_INDEX_SHARDS: {{ $i.shards | quote }}
INDEXER_INDEX_REPLICAS: {{ $i.replicas | quote }}
INDEXER_RETENTION_DAYS: {{ $i.retentionDays | quote }}
INDEXER_ROLLOVER_MAX_AGE: {{ $i.rolloverMaxAge | quote }}
INDEXER_ROLLOVER_MAX_PRIMARY_SHARD_SIZE: {{ $i.rolloverMaxPrimaryShardSize | quote }}
{{- end -}}

{{- define "callrecords.graphConfig" -}}
{{- $g := .Values.graph -}}
GRAPH_TENANT_IDS: {{ $g.tenantIds | quote }}
GRAPH_CLIENT_ID: {{ $g.clientId | quote }}
GRAPH_AUTHORITY_HOST: {{ $g.authorityHost | quote }}
GRAPH_BASE_URL: {{ $g.baseUrl | quote }}
{{- if eq $g.credential "certificate" }}
GRAPH_CLIENT_CERTIFICATE_THUMBPRINT: {{ $g.certificateThumbprint | quote }}
{{- end }}
{{- end -}}

{{- define "callrecords.pseudonymConfig" -}}
{{- with .Values.privacy.pseudonymousTenants }}
FETCHER_PSEUDONYMOUS_TENANTS: {{ . | quote }}
{{- end }}
{{- end -}}

{{- define "callrecords.replicationFactor" -}}
{{- if lt (int .Values.kafka.replicationFactor) 1 -}}{{- else -}}{{ .Values.kafka.replicationFactor }}{{- end -}}
{{- end -}}

{{/* Keys the chart sets for a component; `<component>.config` is merged over them. */}}
{{- define "callrecords.componentConfig" -}}
{{- $root := .root -}}
{{- $v := $root.Values -}}
{{- $c := include "callrecords.component" . | fromYaml -}}
LOG_LEVEL: {{ $v.logLevel | quote }}
{{ $c.portKey }}: {{ $c.port | quote }}
{{ include "callrecords.kafkaConfig" $root }}
{{- if $c.graph }}
{{ include "callrecords.graphConfig" $root }}
{{- end }}
{{- if $c.opensearch }}
{{ include "callrecords.openSearchConfig" $root }}
{{- end }}
{{- if eq .component "ingestion" }}
INGESTION_PUBLIC_URL: {{ $v.ingestion.publicUrl | default (printf "https://%s" $v.ingress.webhook.host) | quote }}
{{- else if eq .component "fetcher" }}
FETCHER_REPORTS_ENABLED: "false"
{{- /* The report poller (one pod) tombstones expired calls in the topics; the fetchers need not. */}}
FETCHER_RETENTION_SWEEP_MS: "0"
{{- include "callrecords.pseudonymConfig" $root }}
{{- else if eq .component "reportPoller" }}
FETCHER_REPORTS_ENABLED: "true"
{{- include "callrecords.pseudonymConfig" $root }}
{{- else if eq .component "indexer" }}
{{ include "callrecords.indexesConfig" $root }}
{{- else if eq .component "gateway" }}
GATEWAY_AUTH_ISSUER: {{ $v.gateway.auth.issuer | quote }}
GATEWAY_AUTH_AUDIENCE: {{ $v.gateway.auth.audience | quote }}
{{- with $v.gateway.auth.jwksUrl }}
GATEWAY_AUTH_JWKS_URL: {{ . | quote }}
{{- end }}
{{- end }}
{{- with include "callrecords.replicationFactor" $root }}
{{- if or (eq $.component "fetcher") (eq $.component "reportPoller") }}
FETCHER_TOPIC_REPLICATION_FACTOR: {{ . | quote }}
{{- else if eq $.component "indexer" }}
INDEXER_TOPIC_REPLICATION_FACTOR: {{ . | quote }}
{{- end }}
{{- end }}
{{- end -}}

{{/* The merged map, values' `config` winning; every value a string. */}}
{{- define "callrecords.configData" -}}
{{- $base := include "callrecords.componentConfig" . | fromYaml -}}
{{- $own := (get .root.Values .component).config | default dict -}}
{{- $data := dict -}}
{{- range $k, $val := merge (deepCopy $own) $base -}}
{{- $_ := set $data $k (toString $val) -}}
{{- end -}}
{{- toYaml $data -}}
{{- end -}}
