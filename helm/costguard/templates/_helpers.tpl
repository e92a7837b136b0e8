{{/* Chart name, truncated to the 63 characters Kubernetes allows in a name. */}}
{{- define "costguard.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: the release name, plus the chart name unless the release name contains it. */}}
{{- define "costguard.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "costguard.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Selector labels: stable across upgrades, never add to them. */}}
{{- define "costguard.selectorLabels" -}}
app.kubernetes.io/name: {{ include "costguard.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Labels on every resource. part-of is the product name whatever the release is called: the
ServiceMonitor takes the Prometheus job label from it, so the alert rules can say job="costguard".
*/}}
{{- define "costguard.labels" -}}
helm.sh/chart: {{ include "costguard.chart" . }}
{{ include "costguard.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: costguard
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "costguard.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "costguard.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "costguard.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{- define "costguard.leaseName" -}}
{{- default (include "costguard.fullname" .) .Values.leaderElection.leaseName }}
{{- end }}

{{/*
Checks that stop a bad combination of values with a message that says what to change.
Included by the Deployment, so `helm template` and `helm install` both fail.
*/}}
{{- define "costguard.validate" -}}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.leaderElection.enabled) }}
{{- fail (printf "replicaCount is %d but leaderElection.enabled is false: more than one replica needs leader election, or every replica would act on every budget, policy and schedule. Set leaderElection.enabled=true or replicaCount=1." (int .Values.replicaCount)) }}
{{- end }}
{{- if le (int .Values.terminationGracePeriodSeconds) (int .Values.operator.shutdownTimeoutSeconds) }}
{{- fail (printf "terminationGracePeriodSeconds (%d) must be larger than operator.shutdownTimeoutSeconds (%d), or Kubernetes kills the operator before it finishes shutting down and releases its lease." (int .Values.terminationGracePeriodSeconds) (int .Values.operator.shutdownTimeoutSeconds)) }}
{{- end }}
{{- end }}

{{/*
Namespaces that get a Role for Secret reads (bearer tokens for Prometheus triggers); empty
means cluster-wide (a ClusterRole).
*/}}
{{- define "costguard.secretNamespaces" -}}
{{- $ns := .Values.prometheus.bearerTokenSecrets.namespaces }}
{{- if not $ns }}{{ $ns = .Values.operator.watchNamespaces }}{{ end }}
{{- toJson (default (list) $ns) }}
{{- end }}
