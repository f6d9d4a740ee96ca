{{/* Names, labels, images and the per-service facts every named template reads. */}}

{{- define "callrecords.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "callrecords.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
What each component is: the image it runs, its port and port key, what it connects to, and whether
it is reachable from outside the release. reportPoller is the fetcher image with reports on.
*/}}
{{- define "callrecords.components" -}}
ingestion: { slug: ingestion, image: ingestion, port: 4100, portKey: INGESTION_PORT, graph: true, opensearch: false, public: true, scaling: hpa }
fetcher: { slug: fetcher, image: fetcher, port: 4101, portKey: FETCHER_PORT, graph: true, opensearch: false, public: false, scaling: keda, group: callrecords-fetcher, topic: callrecords.notifications.v1 }
reportPoller: { slug: report-poller, image: fetcher, port: 4101, portKey: FETCHER_PORT, graph: true, opensearch: false, public: false, scaling: singleton }
indexer: { slug: indexer, image: indexer, port: 4102, portKey: INDEXER_PORT, graph: false, opensearch: true, public: false, scaling: keda, group: callrecords-indexer, topic: callrecords.records.v1 }
aggregator: { slug: aggregator, image: aggregator, port: 4103, portKey: AGGREGATOR_PORT, graph: false, opensearch: true, public: false, scaling: keda, group: callrecords-aggregator, topic: callrecords.records.v1 }
gateway: { slug: gateway, image: gateway, port: 4000, portKey: GATEWAY_PORT, graph: false, opensearch: true, public: true, scaling: hpa }
provisioner: { slug: provisioner, image: provisioner, graph: false, opensearch: true, public: false, scaling: job }
{{- end -}}

{{/* The facts of one component: (dict "root" . "component" "fetcher") */}}
{{- define "callrecords.component" -}}
{{- $all := include "callrecords.components" .root | fromYaml -}}
{{- get $all .component | toYaml -}}
{{- end -}}

{{- define "callrecords.componentName" -}}
{{- $c := include "callrecords.component" . | fromYaml -}}
{{- printf "%s-%s" (include "callrecords.fullname" .root) $c.slug | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "callrecords.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of every object; helm.sh/chart never goes into a selector. */}}
{{- define "callrecords.labels" -}}
helm.sh/chart: {{ include "callrecords.chart" .root }}
{{ include "callrecords.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: callrecords
{{- end -}}

{{- define "callrecords.selectorLabels" -}}
app.kubernetes.io/name: {{ include "callrecords.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- if .component }}
app.kubernetes.io/component: {{ (include "callrecords.component" . | fromYaml).slug }}
{{- end }}
{{- end -}}

{{/* <registry>/<repository>:<tag>; per-service repository and tag win over the global ones. */}}
{{- define "callrecords.image" -}}
{{- $c := include "callrecords.component" . | fromYaml -}}
{{- $own := (get .root.Values .component).image | default dict -}}
{{- $repository := $own.repository | default (printf "%s%s" .root.Values.image.repositoryPrefix $c.image) -}}
{{- $tag := $own.tag | default .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- if .root.Values.image.registry -}}
{{- printf "%s/%s:%s" .root.Values.image.registry $repository $tag -}}
{{- else -}}
{{- printf "%s:%s" $repository $tag -}}
{{- end -}}
{{- end -}}

{{- define "callrecords.serviceAccountName" -}}
{{- if .root.Values.serviceAccount.create -}}
{{- include "callrecords.componentName" . -}}
{{- else -}}
default
{{- end -}}
{{- end -}}

{{/* Security defaults live here, not in values (STYLE 2.17). */}}
{{- define "callrecords.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1000
runAsGroup: 1000
fsGroup: 1000
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "callrecords.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "callrecords.secretsDir" -}}/var/run/secrets/callrecords{{- end -}}

{{/*
Secrets a component reads, as a list of { env, secret, key }: each is mounted as a file and the
service reads it through <KEY>_FILE (libs/service-kit loadConfig). Values never hold a secret.
*/}}
{{- define "callrecords.secretFiles" -}}
{{- $v := .root.Values -}}
{{- $c := include "callrecords.component" . | fromYaml -}}
{{- $files := list -}}
{{- if $v.kafka.sasl.enabled -}}
{{- $files = append $files (dict "env" "KAFKA_SASL_USERNAME" "secret" $v.kafka.sasl.existingSecret "key" $v.kafka.sasl.usernameKey) -}}
{{- $files = append $files (dict "env" "KAFKA_SASL_PASSWORD" "secret" $v.kafka.sasl.existingSecret "key" $v.kafka.sasl.passwordKey) -}}
{{- end -}}
{{- if $v.kafka.tls.caSecret.name -}}
{{- $files = append $files (dict "env" "KAFKA_CA" "secret" $v.kafka.tls.caSecret.name "key" $v.kafka.tls.caSecret.key) -}}
{{- end -}}
{{- if $c.graph -}}
{{- if eq $v.graph.credential "certificate" -}}
{{- $files = append $files (dict "env" "GRAPH_CLIENT_CERTIFICATE_KEY" "secret" $v.graph.existingSecret "key" $v.graph.certificateKeyKey) -}}
{{- else -}}
{{- $files = append $files (dict "env" "GRAPH_CLIENT_SECRET" "secret" $v.graph.existingSecret "key" $v.graph.clientSecretKey) -}}
{{- end -}}
{{- if $v.graph.caSecret.name -}}
{{- $files = append $files (dict "env" "GRAPH_CA" "secret" $v.graph.caSecret.name "key" $v.graph.caSecret.key) -}}
{{- end -}}
{{- end -}}
{{- if $c.opensearch -}}
{{- if $v.opensearch.existingSecret -}}
{{- $files = append $files (dict "env" "OPENSEARCH_USERNAME" "secret" $v.opensearch.existingSecret "key" $v.opensearch.usernameKey) -}}
{{- $files = append $files (dict "env" "OPENSEARCH_PASSWORD" "secret" $v.opensearch.existingSecret "key" $v.opensearch.passwordKey) -}}
{{- end -}}
{{- if $v.opensearch.caSecret.name -}}
{{- $files = append $files (dict "env" "OPENSEARCH_CA" "secret" $v.opensearch.caSecret.name "key" $v.opensearch.caSecret.key) -}}
{{- end -}}
{{- end -}}
{{- if and (eq .component "ingestion") $v.ingestion.adminToken.existingSecret -}}
{{- $files = append $files (dict "env" "INGESTION_ADMIN_TOKEN" "secret" $v.ingestion.adminToken.existingSecret "key" $v.ingestion.adminToken.key) -}}
{{- end -}}
{{- if and (eq .component "aggregator") $v.aggregator.alertWebhook.existingSecret -}}
{{- $files = append $files (dict "env" "AGGREGATOR_ALERT_WEBHOOK_URL" "secret" $v.aggregator.alertWebhook.existingSecret "key" $v.aggregator.alertWebhook.key) -}}
{{- end -}}
{{- if and (has .component (list "fetcher" "reportPoller")) $v.privacy.pseudonymSecret.existingSecret -}}
{{- $files = append $files (dict "env" "FETCHER_PSEUDONYM_SECRET" "secret" $v.privacy.pseudonymSecret.existingSecret "key" $v.privacy.pseudonymSecret.key) -}}
{{- end -}}
{{- if and (has .component (list "fetcher" "reportPoller" "indexer")) $v.privacy.keySecret.existingSecret -}}
{{- $files = append $files (dict "env" "PRIVACY_KEY_SECRET" "secret" $v.privacy.keySecret.existingSecret "key" $v.privacy.keySecret.key) -}}
{{- end -}}
{{- if eq .component "gateway" -}}
{{- $files = append $files (dict "env" "GATEWAY_CURSOR_SECRET" "secret" $v.gateway.cursorSecret.existingSecret "key" $v.gateway.cursorSecret.key) -}}
{{- if $v.gateway.auth.caSecret.name -}}
{{- $files = append $files (dict "env" "GATEWAY_AUTH_CA" "secret" $v.gateway.auth.caSecret.name "key" $v.gateway.auth.caSecret.key) -}}
{{- end -}}
{{- end -}}
{{- toYaml (dict "files" $files) -}}
{{- end -}}

{{/* The <KEY>_FILE variables pointing at the mounted secret files (CA files have their own names). */}}
{{- define "callrecords.secretFileEnv" -}}
{{- $dir := include "callrecords.secretsDir" . -}}
{{- range (include "callrecords.secretFiles" . | fromYaml).files }}
{{- $path := printf "%s/%s" $dir (.env | lower | replace "_" "-") }}
{{- if eq .env "KAFKA_CA" }}
- name: NODE_EXTRA_CA_CERTS
{{- else if eq .env "GRAPH_CA" }}
- name: GRAPH_CA_FILE
{{- else if eq .env "OPENSEARCH_CA" }}
- name: OPENSEARCH_CA_FILE
{{- else if eq .env "GATEWAY_AUTH_CA" }}
- name: GATEWAY_AUTH_CA_FILE
{{- else }}
- name: {{ .env }}_FILE
{{- end }}
  value: {{ $path | quote }}
{{- end }}
{{- end -}}

{{/* One projected volume with every secret file of the component (nothing when it reads none). */}}
{{- define "callrecords.secretVolume" -}}
{{- $files := (include "callrecords.secretFiles" . | fromYaml).files -}}
{{- if $files }}
- name: secrets
  projected:
    defaultMode: 0440
    sources:
      {{- range $files }}
      - secret:
          name: {{ .secret }}
          items:
            - key: {{ .key }}
              path: {{ .env | lower | replace "_" "-" }}
      {{- end }}
{{- end }}
{{- end -}}
