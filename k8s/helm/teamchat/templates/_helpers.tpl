{{- define "teamchat.labels" -}}
app.kubernetes.io/part-of: teamchat
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/instance: {{ .Release.Name }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "teamchat.image" -}}
{{- $root := index . 0 -}}{{- $name := index . 1 -}}
{{- printf "%steamchat/%s:%s" $root.Values.image.registry $name (default $root.Chart.AppVersion $root.Values.image.tag) -}}
{{- end -}}

{{/* the management port (health, metrics, OpenAPI) of a service: its port + 1000, as ./chat and compose use */}}
{{- define "teamchat.managementPort" -}}
{{- add . 1000 -}}
{{- end -}}

{{/* pod and container security shared by every pod: restricted Pod Security Standard */}}
{{- define "teamchat.podSecurity" -}}
runAsNonRoot: true
runAsUser: {{ . }}
runAsGroup: {{ . }}
fsGroup: {{ . }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}
{{- define "teamchat.containerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
{{- end -}}

{{- /* The read replica's JDBC URL for message-service, or empty: readReplica.url, else the bundled one's. */}}
{{- define "teamchat.readReplicaUrl" -}}
{{- if .Values.readReplica.url -}}
{{ .Values.readReplica.url }}
{{- else if .Values.readReplica.bundled -}}
jdbc:postgresql://postgres-replica:5432/chat
{{- end -}}
{{- end }}

{{/* each service's Redis password, as acl.sh reads them (<SERVICE>_REDIS_PASSWORD), from the service's own Secret */}}
{{- define "teamchat.redisPasswords" -}}
{{- range $name, $svc := .Values.services }}
- name: {{ trimSuffix "-service" $name | upper }}_REDIS_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ $.Values.secretPrefix }}{{ $name }}, key: REDIS_PASSWORD}
{{- end }}
{{- end -}}
