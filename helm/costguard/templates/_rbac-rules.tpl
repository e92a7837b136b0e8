{{/*
The operator's permissions, one block per reason. Exactly the verbs it uses on exactly the
resources it uses: no "*", no create or delete on workloads (it only patches what exists), no
Secrets unless prometheus.bearerTokenSecrets.enabled.
*/}}

{{/* Cluster-scoped: read by every capability whatever namespaces are watched. */}}
{{- define "costguard.rules.clusterScoped" -}}
# PriceCatalogs, WorkloadBudgets and ShutdownSchedules are cluster-scoped; the operator
# reconciles them and writes their status and finalizers. It never creates or deletes them.
- apiGroups: ["costguard.dev"]
  resources: ["pricecatalogs", "workloadbudgets", "shutdownschedules"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["costguard.dev"]
  resources:
    - pricecatalogs/status
    - workloadbudgets/status
    - shutdownschedules/status
    - pricecatalogs/finalizers
    - workloadbudgets/finalizers
    - shutdownschedules/finalizers
  verbs: ["update", "patch"]
# nodes: price of a pod by capacity type, GPU model and node pool; namespaces: budget and
# schedule selectors, team labels and the awake-until annotation (read only).
- apiGroups: [""]
  resources: ["nodes", "namespaces"]
  verbs: ["get", "list", "watch"]
{{- end }}

{{/* Namespaced: what the operator does inside the namespaces it watches. */}}
{{- define "costguard.rules.namespaced" -}}
# ScalingPolicies are namespaced.
- apiGroups: ["costguard.dev"]
  resources: ["scalingpolicies"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["costguard.dev"]
  resources: ["scalingpolicies/status", "scalingpolicies/finalizers"]
  verbs: ["update", "patch"]
# pods: cost accrual from requests and placement (read only).
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
# Events on the resources it acts on (create, and patch to count repeats).
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
# Workloads: replicas, spot placement and the costguard.dev/original annotation, always by
# patching an existing object; update for writes with a resourceVersion precondition.
- apiGroups: ["apps"]
  resources: ["deployments", "statefulsets"]
  verbs: ["get", "list", "watch", "patch", "update"]
# CronJobs and Jobs: spec.suspend.
- apiGroups: ["batch"]
  resources: ["cronjobs", "jobs"]
  verbs: ["get", "list", "watch", "patch"]
# An HPA or KEDA ScaledObject on a target: the operator drives its min/max or pause
# annotations instead of fighting it over spec.replicas.
- apiGroups: ["autoscaling"]
  resources: ["horizontalpodautoscalers"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: ["keda.sh"]
  resources: ["scaledobjects"]
  verbs: ["get", "list", "watch", "patch"]
# Resource triggers read CPU and memory usage from the metrics API.
- apiGroups: ["metrics.k8s.io"]
  resources: ["pods"]
  verbs: ["get", "list"]
{{- end }}

{{/* Events about cluster-scoped resources (recorded in one namespace) in watchNamespaces mode. */}}
{{- define "costguard.rules.events" -}}
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}

{{/*
Bearer tokens for Prometheus triggers: get only (the operator reads the one Secret a trigger
names; it never lists or watches Secrets, so it caches none).
*/}}
{{- define "costguard.rules.secrets" -}}
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]
  {{- with .Values.prometheus.bearerTokenSecrets.names }}
  resourceNames:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
