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

{{/*
A Kubernetes memory quantity (bytes, or with k M G T Ki Mi Gi Ti) -> whole MiB. Other forms
(exponents, milli) are legal quantities that no one writes for a memory limit: refused, not guessed.
*/}}
{{- define "rooms-sync.mebibytes" -}}
{{- /* A bare number in a values file arrives as a float64 (printed 2.68435456e+08): bytes. */}}
{{- $q := kindIs "float64" . | ternary (printf "%.0f" .) (toString .) }}
{{- $form := "^([0-9]+(?:[.][0-9]+)?)(k|M|G|T|Ki|Mi|Gi|Ti)?$" }}
{{- if not (regexMatch $form $q) }}
{{- fail (printf "memory quantity %q: write it in bytes or with one of k M G T Ki Mi Gi Ti" $q) }}
{{- end }}
{{- $scale := dict "" 1.0 "k" 1e3 "M" 1e6 "G" 1e9 "T" 1e12 "Ki" 1024.0 "Mi" 1048576.0 "Gi" 1073741824.0 "Ti" 1099511627776.0 }}
{{- $bytes := mulf (regexReplaceAll $form $q "${1}" | float64) (get $scale (regexReplaceAll $form $q "${2}")) }}
{{- divf $bytes 1048576.0 | floor | int }}
{{- end }}

{{/*
(dict "root" $ "c" component "name" name) -> the NODE_OPTIONS entry that sizes V8's heap from the
container's memory limit (none without a limit, or when the component's env sets NODE_OPTIONS
itself): the old generation at most half of it, each of the young generation's two semi-spaces the
power of two at or below a sixteenth, at most V8's own 64 (V8 rounds a semi-space up to a power of
two: 24 MB would be 32), at least three eighths left for code, Buffers and the runtime. Left to itself Node gives the
heap about 259 MB for any limit up to about 1 GiB (more than a 256Mi limit), and V8 grows a
semi-space to 64 MB under load: an RSS that climbs for many minutes after a peak, towards an OOM
kill.
*/}}
{{- define "rooms-sync.heapEnv" -}}
{{- $limits := (default .root.Values.resources .c.resources).limits | default dict }}
{{- if and $limits.memory (not (hasKey (default dict .c.env) "NODE_OPTIONS")) }}
{{- $mi := include "rooms-sync.mebibytes" $limits.memory | int }}
{{- if lt $mi 128 }}
{{- fail (printf "%s: a memory limit of %s is below 128Mi, too little for a Node.js service" .name (toString $limits.memory)) }}
{{- end }}
{{- $semi := 1 }}
{{- range until 6 }}{{ if le (mul $semi 2) (div $mi 16) }}{{ $semi = mul $semi 2 }}{{ end }}{{ end -}}
- name: NODE_OPTIONS
  value: "--max-old-space-size={{ div $mi 2 }} --max-semi-space-size={{ $semi }}"
{{- end }}
{{- end }}

{{/*
A service's nodeFlags (else the shared ones), which the image's CMD puts on node's command line;
a service's own env.ROOMS_SYNC_NODE_FLAGS replaces them. Args: dict "root" "c" (the service's values).
*/}}
{{- define "rooms-sync.nodeFlagsEnv" -}}
{{- $flags := ternary .c.nodeFlags .root.Values.nodeFlags (hasKey .c "nodeFlags") }}
{{- if and $flags (not (hasKey (default dict .c.env) "ROOMS_SYNC_NODE_FLAGS")) -}}
- name: ROOMS_SYNC_NODE_FLAGS
  value: {{ $flags | quote }}
{{- end }}
{{- end }}

{{/* XML attribute escaping for RoomsAppSettings.config values. */}}
{{- define "rooms-sync.xmlAttr" -}}
{{- toString . | replace "&" "&amp;" | replace "<" "&lt;" | replace ">" "&gt;" | replace "\"" "&quot;" | replace "'" "&apos;" }}
{{- end }}

{{/* Where the files of `connections` are mounted: <dir>/<connection name>/<file>. */}}
{{- define "rooms-sync.connectionsDir" -}}
/etc/rooms-sync/connections
{{- end }}

{{/*
`connections` as what the pods get (docs/connections.md), through fromYaml:
  settings: the ExchangeConnections and Connection.<name>.* keys of RoomsAppSettings.config
  sources:  the projected volume's sources, one per connection and Secret, each key at <name>/<file>
A secret reaches the ConfigMap only as the path of its file (…File keys). What the schema cannot
say (unique names, exactly one Graph credential) fails the render here, naming the value.
*/}}
{{- define "rooms-sync.connections" -}}
{{- $dir := include "rooms-sync.connectionsDir" . }}
{{- $settings := dict }}
{{- $sources := list }}
{{- $names := list }}
{{- range $i, $c := .Values.connections }}
{{- $at := printf "connections[%d] (%s)" $i $c.name }}
{{- if eq $c.name "default" }}
{{- fail (printf "%s: \"default\" is the connection of appSettings' Ews* keys and secrets.ews: give this one another name" $at) }}
{{- end }}
{{- if has $c.name $names }}
{{- fail (printf "%s: the name %q is used twice: each connection needs its own" $at $c.name) }}
{{- end }}
{{- $names = append $names $c.name }}
{{- $key := printf "Connection.%s." $c.name }}
{{- $files := list }}
{{- $_ := set $settings (printf "%sKind" $key) $c.kind }}
{{- if eq $c.kind "graph" }}
{{- if and $c.clientSecret $c.certificate }}
{{- fail (printf "%s: set clientSecret or certificate, not both: a graph connection has one credential" $at) }}
{{- end }}
{{- if not (or $c.clientSecret $c.certificate) }}
{{- fail (printf "%s: a graph connection needs a credential: clientSecret {secretName, key} or certificate {secretName, certificateKey, privateKeyKey}" $at) }}
{{- end }}
{{- $_ := set $settings (printf "%sTenantId" $key) $c.tenantId }}
{{- $_ := set $settings (printf "%sClientId" $key) $c.clientId }}
{{- with $c.authorityHost }}{{ $_ := set $settings (printf "%sAuthorityHost" $key) . }}{{ end }}
{{- with $c.graphUrl }}{{ $_ := set $settings (printf "%sGraphUrl" $key) . }}{{ end }}
{{- with $c.clientSecret }}
{{- $files = append $files (dict "ref" . "field" "ClientSecretFile" "key" .key "file" "client-secret") }}
{{- end }}
{{- with $c.certificate }}
{{- $files = append $files (dict "ref" . "field" "CertificateFile" "key" (default "tls.crt" .certificateKey) "file" "tls.crt") }}
{{- $files = append $files (dict "ref" . "field" "PrivateKeyFile" "key" (default "tls.key" .privateKeyKey) "file" "tls.key") }}
{{- end }}
{{- else }}
{{- $_ := set $settings (printf "%sEwsUrl" $key) $c.url }}
{{- $plain := dict "auth" "EwsAuth" "username" "EwsUsername" "domain" "EwsDomain" "oauthTenantId" "EwsOAuthTenantId" "oauthClientId" "EwsOAuthClientId" }}
{{- range $value, $field := $plain }}
{{- with index $c $value }}{{ $_ := set $settings (printf "%s%s" $key $field) . }}{{ end }}
{{- end }}
{{- with $c.password }}
{{- $files = append $files (dict "ref" . "field" "EwsPasswordFile" "key" .key "file" "ews-password") }}
{{- end }}
{{- with $c.bearerToken }}
{{- $files = append $files (dict "ref" . "field" "EwsBearerTokenFile" "key" .key "file" "ews-bearer-token") }}
{{- end }}
{{- with $c.oauthClientSecret }}
{{- $files = append $files (dict "ref" . "field" "EwsOAuthClientSecretFile" "key" .key "file" "ews-oauth-client-secret") }}
{{- end }}
{{- end }}
{{- $items := dict }}
{{- range $files }}
{{- $path := printf "%s/%s" $c.name .file }}
{{- $_ := set $settings (printf "%s%s" $key .field) (printf "%s/%s" $dir $path) }}
{{- $_ := set $items .ref.secretName (append (get $items .ref.secretName | default list) (dict "key" .key "path" $path)) }}
{{- end }}
{{- range $secret := keys $items | sortAlpha }}
{{- $sources = append $sources (dict "secret" (dict "name" $secret "items" (get $items $secret))) }}
{{- end }}
{{- end }}
{{- if $names }}
{{- $_ := set $settings "ExchangeConnections" (join "," $names) }}
{{- end }}
{{- toYaml (dict "settings" $settings "sources" $sources) }}
{{- end }}

{{/* RoomsAppSettings.config (.NET appSettings format), keys sorted. */}}
{{- define "rooms-sync.appSettingsConfig" -}}
{{- $connections := (include "rooms-sync.connections" . | fromYaml).settings }}
{{- $all := merge (dict) $connections .Values.extraAppSettings .Values.appSettings -}}
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
{{- range $group := without .groups "connections" }}
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

{{/* Whether a pod with these secret groups mounts the files of `connections`. (dict "root" $ "groups" list) */}}
{{- define "rooms-sync.mountsConnections" -}}
{{- if and .root.Values.connections (has "connections" .groups) }}true{{ end }}
{{- end }}

{{/*
Volumes shared by the services and the migration Job. (dict "root" $ "configMap" name "groups" list)
The connections' secrets are one projected volume: one mount however many connections and
Secrets there are, only the keys named in values (not the rest of each Secret), and each file at
the path the ConfigMap gives. A Secret that is missing keeps the pod from starting, saying which.
*/}}
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
{{- if include "rooms-sync.mountsConnections" . }}
- name: connections
  projected:
    defaultMode: 288 # 0440: readable by the pod's group (fsGroup) only, whatever YAML version reads it
    sources:
      {{- (include "rooms-sync.connections" .root | fromYaml).sources | toYaml | nindent 6 }}
{{- end }}
{{- end }}

{{/* (dict "root" $ "groups" list) */}}
{{- define "rooms-sync.volumeMounts" -}}
- name: appsettings
  mountPath: /etc/rooms-sync/RoomsAppSettings.config
  subPath: RoomsAppSettings.config
  readOnly: true
- name: tmp
  mountPath: /tmp
{{- if .root.Values.secrets.kafka.caSecret }}
- name: kafka-ca
  mountPath: /etc/rooms-sync/kafka-ca
  readOnly: true
{{- end }}
{{- if include "rooms-sync.mountsConnections" . }}
- name: connections
  mountPath: {{ include "rooms-sync.connectionsDir" . }}
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
