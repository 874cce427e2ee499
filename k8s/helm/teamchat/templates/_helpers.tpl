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
