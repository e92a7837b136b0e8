{{/*
The operator's permissions, one block per reason. Exactly the verbs it uses on exactly the
resources it uses: no "*", no create or delete on workloads (it only patches what exists), no
Secrets unless prometheus.bearerTokenSecrets.enabled.
*/}}

{{/* Cluster-scoped: read by every capability whatever namespaces are watched. */}}
{{- define "costguard.rules.clusterScoped" -}}
# PriceCatalogs, WorkloadBudgets and ShutdownSchedules are cluster-scoped; the operator
# reconciles them, writes their status, and patches its finalizer onto budgets and schedules
# (get: java-operator-sdk re-reads one by name when that patch conflicts). It never creates or
# deletes them.
- apiGroups: ["costguard.dev"]
  resources: ["pricecatalogs"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["costguard.dev"]
  resources: ["workloadbudgets", "shutdownschedules"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: ["costguard.dev"]
  resources: ["pricecatalogs/status", "workloadbudgets/status", "shutdownschedules/status"]
  # patch: Ready=False on an object whose spec cannot be read (it cannot be written back whole)
  verbs: ["update", "patch"]
# nodes: price of a pod by capacity type, GPU model and node pool; namespaces: budget and
# schedule selectors, team labels and the awake-until annotation (read only, from informers).
- apiGroups: [""]
  resources: ["nodes", "namespaces"]
  verbs: ["list", "watch"]
{{- end }}

{{/* Namespaced: what the operator does inside the namespaces it watches. */}}
{{- define "costguard.rules.namespaced" -}}
# ScalingPolicies are namespaced.
- apiGroups: ["costguard.dev"]
  resources: ["scalingpolicies"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: ["costguard.dev"]
  resources: ["scalingpolicies/status"]
  verbs: ["update", "patch"]
# pods: cost accrual from requests and placement (read only, from an informer).
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "watch"]
# Events on the resources it acts on; a repeated event is counted on the same Event (patch).
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
# Workloads: replicas, spot placement and the costguard.dev/original annotation, always by a
# merge patch of an existing object with a resourceVersion precondition. Read only from the
# operator's informers (list and watch), never one by one.
- apiGroups: ["apps"]
  resources: ["deployments", "statefulsets"]
  verbs: ["list", "watch", "patch"]
# CronJobs and Jobs: spec.suspend.
- apiGroups: ["batch"]
  resources: ["cronjobs", "jobs"]
  verbs: ["list", "watch", "patch"]
# Training jobs: each kind's own suspend field (spec.suspend; Kubeflow's spec.runPolicy.suspend),
# for budget Suspend actions and admission by money (which also writes the job's
# costguard.dev/admission annotations). Watched only where the CRD is installed.
- apiGroups: ["jobset.x-k8s.io"]
  resources: ["jobsets"]
  verbs: ["list", "watch", "patch"]
- apiGroups: ["kubeflow.org"]
  resources: ["pytorchjobs", "tfjobs", "mpijobs", "xgboostjobs", "paddlejobs", "mxjobs"]
  verbs: ["list", "watch", "patch"]
- apiGroups: ["ray.io"]
  resources: ["rayjobs"]
  verbs: ["list", "watch", "patch"]
# An HPA or KEDA ScaledObject on a target: the operator drives its min/max or pause
# annotations instead of fighting it over spec.replicas.
- apiGroups: ["autoscaling"]
  resources: ["horizontalpodautoscalers"]
  verbs: ["list", "watch", "patch"]
- apiGroups: ["keda.sh"]
  resources: ["scaledobjects"]
  verbs: ["list", "watch", "patch"]
# Resource triggers and cost use read CPU and memory usage from the metrics API.
- apiGroups: ["metrics.k8s.io"]
  resources: ["pods"]
  verbs: ["list"]
{{- end }}

{{/* Events about cluster-scoped resources (recorded in one namespace) in watchNamespaces mode. */}}
{{- define "costguard.rules.events" -}}
- apiGroups: [""]
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
