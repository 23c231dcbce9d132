{{/*
Named templates shared by every service: names, labels, image, pod hardening, probes,
configuration and secrets. The per-kind templates range over "rooms-sync.components",
so a service differs from another only by its values block.
*/}}

{{- define "rooms-sync.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "rooms-sync.fullname" -}}
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

{{- define "rooms-sync.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Service name -> values key, in the order they are rendered. */}}
{{- define "rooms-sync.components" -}}
webhook-ingress: webhookIngress
subscription-manager: subscriptionManager
sync-projector: syncProjector
{{- end }}

{{/*
The enabled services as a list of {name, key, values}: `include` returns a string,
so callers get it through fromYaml. Usage:
  {{- range (include "rooms-sync.enabledComponents" . | fromYaml).items }}
*/}}
{{- define "rooms-sync.enabledComponents" -}}
{{- $items := list }}
{{- range $name, $key := (include "rooms-sync.components" . | fromYaml) }}
{{- $c := index $.Values $key }}
{{- if $c.enabled }}
{{- $items = append $items (dict "name" $name "key" $key) }}
{{- end }}
{{- end }}
{{- toYaml (dict "items" $items) }}
{{- end }}

{{/* (dict "root" $ "name" "webhook-ingress") -> release-scoped object name */}}
{{- define "rooms-sync.componentFullname" -}}
{{- printf "%s-%s" (include "rooms-sync.fullname" .root) .name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "rooms-sync.selectorLabels" -}}
app.kubernetes.io/name: {{ include "rooms-sync.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels on every object of the release. */}}
{{- define "rooms-sync.labels" -}}
helm.sh/chart: {{ include "rooms-sync.chart" . }}
{{ include "rooms-sync.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: rooms-sync
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* (dict "root" $ "name" "webhook-ingress") */}}
{{- define "rooms-sync.componentSelectorLabels" -}}
{{ include "rooms-sync.selectorLabels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{- define "rooms-sync.componentLabels" -}}
{{ include "rooms-sync.labels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{- define "rooms-sync.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "rooms-sync.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
(dict "root" $ "c" <service values>) -> image reference. A service's own tag/digest win
over image.tag/image.digest; the tag may carry "@sha256:…" (Skaffold sets tag@digest).
*/}}
{{- define "rooms-sync.image" -}}
{{- $img := .root.Values.image }}
{{- $repo := .c.repository }}
{{- if $img.registry }}{{ $repo = printf "%s/%s" $img.registry .c.repository }}{{ end }}
{{- $digest := default $img.digest .c.digest }}
{{- if $digest }}
{{- printf "%s@%s" $repo $digest }}
{{- else }}
{{- printf "%s:%s" $repo (default (default .root.Chart.AppVersion $img.tag) .c.tag) }}
{{- end }}
{{- end }}

{{/* Pod-level hardening, the same on every pod of the chart. */}}
{{- define "rooms-sync.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.podSecurity.runAsUser }}
runAsGroup: {{ .Values.podSecurity.runAsGroup }}
fsGroup: {{ .Values.podSecurity.fsGroup }}
{{- if .Values.podSecurity.seccompRuntimeDefault }}
seccompProfile:
  type: RuntimeDefault
{{- end }}
{{- end }}

{{/* Container-level hardening: no privilege escalation, no capabilities, read-only root. */}}
{{- define "rooms-sync.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: ["ALL"]
{{- end }}

{{/* Liveness /healthz, readiness /readyz, startup /healthz, all on the named port "ops". */}}
{{- define "rooms-sync.probes" -}}
{{- $p := .Values.probes }}
startupProbe:
  httpGet: {path: /healthz, port: ops}
  periodSeconds: {{ $p.startup.periodSeconds }}
  timeoutSeconds: {{ $p.startup.timeoutSeconds }}
  failureThreshold: {{ $p.startup.failureThreshold }}
livenessProbe:
  httpGet: {path: /healthz, port: ops}
  initialDelaySeconds: {{ $p.liveness.initialDelaySeconds }}
  periodSeconds: {{ $p.liveness.periodSeconds }}
  timeoutSeconds: {{ $p.liveness.timeoutSeconds }}
  failureThreshold: {{ $p.liveness.failureThreshold }}
readinessProbe:
  httpGet: {path: /readyz, port: ops}
  initialDelaySeconds: {{ $p.readiness.initialDelaySeconds }}
  periodSeconds: {{ $p.readiness.periodSeconds }}
  timeoutSeconds: {{ $p.readiness.timeoutSeconds }}
  failureThreshold: {{ $p.readiness.failureThreshold }}
{{- end }}

{{/* XML attribute escaping for RoomsAppSettings.config values. */}}
{{- define "rooms-sync.xmlAttr" -}}
{{- toString . | replace "&" "&amp;" | replace "<" "&lt;" | replace ">" "&gt;" | replace "\"" "&quot;" | replace "'" "&apos;" }}
{{- end }}

{{/* RoomsAppSettings.config (.NET appSettings format), keys sorted. */}}
{{- define "rooms-sync.appSettingsConfig" -}}
{{- $all := merge (dict) .Values.extraAppSettings .Values.appSettings -}}
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <appSettings>
{{- range $k := keys $all | sortAlpha }}
    <add key="{{ $k }}" value="{{ include "rooms-sync.xmlAttr" (index $all $k) }}" />
{{- end }}
  </appSettings>
</configuration>
{{- end }}

{{/* (dict "root" $ "group" "ews") -> the Secret name for that group */}}
{{- define "rooms-sync.secretName" -}}
{{- $g := index .root.Values.secrets .group }}
{{- default .root.Values.secrets.existingSecret $g.existingSecret }}
{{- end }}

{{/* (dict "root" $ "groups" list) -> env entries read from the Secrets of those groups */}}
{{- define "rooms-sync.secretEnv" -}}
{{- $root := .root }}
{{- $s := $root.Values.secrets }}
{{- $app := $root.Values.appSettings }}
{{- range $group := .groups }}
{{- $keys := dict }}
{{- if eq $group "database" }}{{ $keys = $s.database.keys }}{{ end }}
{{- if eq $group "ews" }}
{{- if eq $app.EwsAuth "bearer" }}{{ $keys = $s.ews.oauthKeys }}{{ else }}{{ $keys = $s.ews.basicKeys }}{{ end }}
{{- end }}
{{- if and (eq $group "kafka") $app.KafkaSaslMechanism }}{{ $keys = $s.kafka.saslKeys }}{{ end }}
{{- $secret := include "rooms-sync.secretName" (dict "root" $root "group" $group) }}
{{- range $env := keys $keys | sortAlpha }}
- name: {{ $env }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ index $keys $env }}
{{- end }}
{{- end }}
{{- end }}

{{/* Projected path of the config file inside the containers. */}}
{{- define "rooms-sync.appSettingsPath" -}}
/etc/rooms-sync/RoomsAppSettings.config
{{- end }}

{{/* Env shared by the services and the migration Job. (dict "root" $ "groups" list) */}}
{{- define "rooms-sync.commonEnv" -}}
- name: NODE_ENV
  value: production
- name: ROOMS_APPSETTINGS_PATH
  value: {{ include "rooms-sync.appSettingsPath" . }}
{{- if .root.Values.secrets.kafka.caSecret }}
- name: NODE_EXTRA_CA_CERTS
  value: /etc/rooms-sync/kafka-ca/ca.crt
{{- end }}
{{ include "rooms-sync.secretEnv" . }}
{{- end }}

{{/* Volumes shared by the services and the migration Job. (dict "root" $ "configMap" name) */}}
{{- define "rooms-sync.volumes" -}}
- name: appsettings
  configMap:
    name: {{ .configMap }}
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
{{- with .root.Values.secrets.kafka.caSecret }}
- name: kafka-ca
  secret:
    secretName: {{ . }}
    items:
      - {key: ca.crt, path: ca.crt}
{{- end }}
{{- end }}

{{- define "rooms-sync.volumeMounts" -}}
- name: appsettings
  mountPath: /etc/rooms-sync/RoomsAppSettings.config
  subPath: RoomsAppSettings.config
  readOnly: true
- name: tmp
  mountPath: /tmp
{{- if .Values.secrets.kafka.caSecret }}
- name: kafka-ca
  mountPath: /etc/rooms-sync/kafka-ca
  readOnly: true
{{- end }}
{{- end }}

{{/* Whether the legacy callback path is exposed: explicit value, else the app setting. */}}
{{- define "rooms-sync.exposeLegacy" -}}
{{- $v := .explicit }}
{{- if kindIs "invalid" $v }}{{ $v = .root.Values.appSettings.ExchangePushNotificationUseLegacyEndpoint }}{{ end }}
{{- if $v }}true{{ end }}
{{- end }}

{{/* The WAF file as shipped in the chart. */}}
{{- define "rooms-sync.wafRules" -}}
{{ .Files.Get "files/waf/rooms-sync-waf.conf" }}
{{- end }}
