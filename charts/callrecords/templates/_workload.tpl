{{/*
One named template per kind, called by each component's folder with
(dict "root" . "component" "<name>"): the services stay identical by construction.
*/}}

{{- define "callrecords.enabled" -}}
{{- if (get .root.Values .component).enabled -}}true{{- end -}}
{{- end -}}

{{- define "callrecords.configmap" -}}
{{- if include "callrecords.enabled" . }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "callrecords.componentName" . }}
  labels:
    {{- include "callrecords.labels" . | nindent 4 }}
data:
  {{- include "callrecords.configData" . | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "callrecords.serviceaccount" -}}
{{- if and (include "callrecords.enabled" .) .root.Values.serviceAccount.create }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "callrecords.serviceAccountName" . }}
  labels:
    {{- include "callrecords.labels" . | nindent 4 }}
  {{- with .root.Values.serviceAccount.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
# The services never call the Kubernetes API.
automountServiceAccountToken: false
{{- end }}
{{- end -}}

{{- define "callrecords.deployment" -}}
{{- if include "callrecords.enabled" . }}
{{- $v := .root.Values -}}
{{- $own := get $v .component -}}
{{- $c := include "callrecords.component" . | fromYaml -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "callrecords.componentName" . }}
  labels:
    {{- include "callrecords.labels" . | nindent 4 }}
spec:
  {{- if eq $c.scaling "singleton" }}
  # One pod at any time: Recreate stops the old pod before the new one starts.
  replicas: 1
  strategy:
    type: Recreate
  {{- else if not (or (and $own.autoscaling $own.autoscaling.enabled) (and $own.keda $own.keda.enabled)) }}
  replicas: {{ $own.replicaCount }}
  {{- end }}
  {{- if ne $c.scaling "singleton" }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "callrecords.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "callrecords.selectorLabels" . | nindent 8 }}
      annotations:
        checksum/config: {{ include "callrecords.configData" . | sha256sum }}
        {{- if $v.metrics.podAnnotations }}
        prometheus.io/scrape: "true"
        prometheus.io/port: {{ $c.port | quote }}
        prometheus.io/path: /metrics
        {{- end }}
        {{- with $own.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "callrecords.serviceAccountName" . }}
      automountServiceAccountToken: false
      enableServiceLinks: false
      terminationGracePeriodSeconds: {{ $own.terminationGracePeriodSeconds }}
      securityContext:
        {{- include "callrecords.podSecurityContext" . | nindent 8 }}
      {{- with $v.imagePullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ . }}
        {{- end }}
      {{- end }}
      {{- if ne $c.scaling "singleton" }}
      topologySpreadConstraints:
        {{- if $own.topologySpreadConstraints }}
        {{- toYaml $own.topologySpreadConstraints | nindent 8 }}
        {{- else }}
        {{- range list "kubernetes.io/hostname" "topology.kubernetes.io/zone" }}
        - maxSkew: 1
          topologyKey: {{ . }}
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "callrecords.selectorLabels" $ | nindent 14 }}
        {{- end }}
        {{- end }}
      {{- end }}
      {{- with $own.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $own.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $own.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: {{ $c.slug }}
          image: {{ include "callrecords.image" . }}
          imagePullPolicy: {{ $v.image.pullPolicy }}
          {{- with $own.command }}
          command:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          envFrom:
            - configMapRef:
                name: {{ include "callrecords.componentName" . }}
          {{- with include "callrecords.secretFileEnv" . | trim }}
          env:
            {{- . | nindent 12 }}
          {{- end }}
          ports:
            - name: http
              containerPort: {{ $c.port }}
              protocol: TCP
          # Boot validates config and connects; the startup probe gives it a minute before liveness counts.
          startupProbe:
            httpGet: { path: /health/live, port: http }
            periodSeconds: 2
            failureThreshold: 30
          livenessProbe:
            httpGet: { path: /health/live, port: http }
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 3
          readinessProbe:
            httpGet: { path: /health/ready, port: http }
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 3
          resources:
            {{- toYaml $own.resources | nindent 12 }}
          securityContext:
            {{- include "callrecords.containerSecurityContext" . | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- if (include "callrecords.secretFiles" . | fromYaml).files }}
            - name: secrets
              mountPath: {{ include "callrecords.secretsDir" . }}
              readOnly: true
            {{- end }}
      volumes:
        # The root filesystem is read-only; Node and the services write only under /tmp.
        - name: tmp
          emptyDir:
            sizeLimit: {{ $own.stateSizeLimit | default "64Mi" }}
        {{- with include "callrecords.secretVolume" . | trim }}
        {{- . | nindent 8 }}
        {{- end }}
{{- end }}
{{- end -}}

{{- define "callrecords.service" -}}
{{- if include "callrecords.enabled" . }}
{{- $c := include "callrecords.component" . | fromYaml -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "callrecords.componentName" . }}
  labels:
    {{- include "callrecords.labels" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "callrecords.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: {{ $c.port }}
      targetPort: http
      protocol: TCP
{{- end }}
{{- end -}}

{{- define "callrecords.pdb" -}}
{{- $own := get .root.Values .component -}}
{{- if and (include "callrecords.enabled" .) $own.pdb.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "callrecords.componentName" . }}
  labels:
    {{- include "callrecords.labels" . | nindent 4 }}
spec:
  maxUnavailable: {{ $own.pdb.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "callrecords.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end -}}

{{- define "callrecords.hpa" -}}
{{- $own := get .root.Values .component -}}
{{- if and (include "callrecords.enabled" .) $own.autoscaling.enabled }}
{{- if gt (int $own.autoscaling.minReplicas) (int $own.autoscaling.maxReplicas) }}
{{- fail (printf "%s.autoscaling.minReplicas (%v) is above maxReplicas (%v)" .component $own.autoscaling.minReplicas $own.autoscaling.maxReplicas) }}
{{- end }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "callrecords.componentName" . }}
  labels:
    {{- include "callrecords.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "callrecords.componentName" . }}
  minReplicas: {{ $own.autoscaling.minReplicas }}
  maxReplicas: {{ $own.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $own.autoscaling.targetCPUUtilizationPercentage }}
{{- end }}
{{- end -}}
