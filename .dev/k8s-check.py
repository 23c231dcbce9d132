"""Helpers of .dev/k8s-check.sh, run with the venv that kubernetes-validate lives in
(it brings jsonschema and PyYAML). One subcommand per check; each prints what it found
and exits non-zero on a failure.

  validate K8S_VERSION SCHEMA_DIR FILE...   every resource: Kubernetes schema (strict),
                                            or our CRD schema for CRD kinds
  skaffold SCHEMA FILE                      skaffold.yaml against skaffold's JSON schema
  rules RENDERED OUT                        PrometheusRule spec of a render -> rules file
  dashboard-exprs DASHBOARD_JSON OUT        panel queries -> rules file (for promtool)
  dockerfiles FILE...                       structural lint of the service Dockerfile(s)
"""
import json
import os
import re
import sys

import jsonschema
import yaml

CRD_SCHEMAS = {
    ("monitoring.coreos.com/v1", "ServiceMonitor"): "servicemonitor.json",
    ("monitoring.coreos.com/v1", "PrometheusRule"): "prometheusrule.json",
    ("gateway.networking.k8s.io/v1", "HTTPRoute"): "httproute.json",
}


def docs(path):
    with open(path) as f:
        return [d for d in yaml.safe_load_all(f) if d]


def where(err):
    return "/".join(str(p) for p in err.absolute_path) or "(root)"


def cmd_validate(version, schema_dir, *files):
    import kubernetes_validate
    from kubernetes_validate.utils import SchemaNotFoundError

    failures, count = [], 0
    for path in files:
        try:
            resources = docs(path)
        except yaml.YAMLError as e:
            failures.append(f"{path}: not YAML: {e}")
            continue
        for res in resources:
            count += 1
            name = f"{path}: {res.get('kind')}/{(res.get('metadata') or {}).get('name')}"
            key = (res.get("apiVersion"), res.get("kind"))
            if key in CRD_SCHEMAS:
                with open(os.path.join(schema_dir, CRD_SCHEMAS[key])) as f:
                    schema = json.load(f)
                errs = sorted(jsonschema.Draft7Validator(schema).iter_errors(res), key=str)
                failures += [f"{name}: {where(e)}: {e.message}" for e in errs[:5]]
                continue
            try:
                kubernetes_validate.validate(res, version, strict=True)
            except SchemaNotFoundError:
                failures.append(f"{name}: no schema for {key[0]} {key[1]} (add one to {schema_dir})")
            except kubernetes_validate.ValidationError as e:
                failures.append(f"{name}: {where(e)}: {e.message}")
    for f in failures:
        print(f"  invalid: {f}")
    print(f"  {count - len(failures) if len(failures) <= count else 0}/{count} resources valid (Kubernetes {version})")
    return 1 if failures or count == 0 else 0


def cmd_skaffold(schema_path, path):
    with open(schema_path) as f:
        full = json.load(f)
    # The root is anyOf[SkaffoldConfig]; validating against the definition itself
    # names the offending key instead of "not valid under any of the given schemas".
    schema = {"$ref": "#/definitions/SkaffoldConfig", "definitions": full["definitions"]}
    version = "skaffold/" + os.path.basename(schema_path).split("-", 1)[1].removesuffix(".json")
    bad = 0
    for i, d in enumerate(docs(path)):
        if d.get("apiVersion") != version:
            print(f"  config {i}: apiVersion {d.get('apiVersion')!r}, schema is {version}")
            bad += 1
        for e in sorted(jsonschema.Draft7Validator(schema).iter_errors(d), key=str)[:5]:
            msg = e.message if len(e.message) < 300 else e.message[:300] + "..."
            print(f"  config {i}: {where(e)}: {msg}")
            bad += 1
    print(f"  {path}: {'valid' if not bad else f'{bad} problem(s)'} against {version}")
    return 1 if bad else 0


def cmd_rules(rendered, out):
    groups = [d["spec"] for d in docs(rendered) if d.get("kind") == "PrometheusRule"]
    if len(groups) != 1:
        print(f"  expected one PrometheusRule in {rendered}, found {len(groups)}")
        return 1
    with open(out, "w") as f:
        yaml.safe_dump(groups[0], f, sort_keys=False)
    print(f"  {sum(len(g['rules']) for g in groups[0]['groups'])} alerts -> {out}")
    return 0


def cmd_dashboard_exprs(dashboard, out):
    with open(dashboard) as f:
        dash = json.load(f)
    rules = []
    for p in dash["panels"]:
        for t in p.get("targets", []):
            expr = t["expr"].replace("$__rate_interval", "5m").replace("$namespace", "rooms")
            rules.append({"record": f"dashboard:panel_{p['id']}_{t['refId']}", "expr": expr})
    if not rules:
        print("  dashboard has no queries")
        return 1
    with open(out, "w") as f:
        yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}, f, sort_keys=False)
    print(f"  {len(dash['panels'])} panels, {len(rules)} queries -> {out}")
    return 0


def lint_dockerfile(path):
    text = open(path).read()
    service = os.path.basename(os.path.dirname(path))
    lines = [l.strip() for l in re.sub(r"\\\n", " ", text).splitlines() if l.strip() and not l.strip().startswith("#")]
    problems = []
    args = dict(re.findall(r"^ARG\s+(\w+)=(\S+)", "\n".join(lines), re.M))
    froms = [l.split()[1] for l in lines if l.upper().startswith("FROM ")]
    bases = [re.sub(r"\$\{(\w+)\}", lambda m: args.get(m.group(1), m.group(0)), b) for b in froms]
    if len(froms) < 2:
        problems.append("not multi-stage (one FROM)")
    stage_names = {l.split()[3] for l in lines if l.upper().startswith("FROM ") and len(l.split()) > 3}
    for b in bases:
        if b in stage_names:
            continue
        if not re.match(r"^node:24\.\d+\.\d+(-[a-z0-9-]+)?(@sha256:[0-9a-f]{64})?$", b):
            problems.append(f"base {b!r} is not node:24 pinned to an exact version or digest")
    if any(l.upper().startswith("HEALTHCHECK") for l in lines):
        problems.append("has HEALTHCHECK (probes are the chart's)")
    final = lines[max(i for i, l in enumerate(lines) if l.upper().startswith("FROM ")):]
    users = [l.split()[1] for l in final if l.upper().startswith("USER ")]
    if not users or users[-1].split(":")[0] in ("root", "0"):
        problems.append("final stage does not switch to a non-root USER")
    entry = next((l for l in reversed(final) if l.upper().startswith("ENTRYPOINT")), "")
    if "tini" not in entry and "dumb-init" not in entry:
        problems.append("no init as PID 1 (tini) in the final ENTRYPOINT")
    cmd = next((l for l in reversed(final) if l.upper().startswith("CMD")), "")
    if re.search(r"^ARG\s+SERVICE\b", "\n".join(lines), re.M):
        # The root Dockerfile builds every service: CMD runs the one SERVICE names.
        if not re.search(r"services/\$\{?\w+\}?/src/main\.ts", cmd):
            problems.append("CMD does not run services/<SERVICE>/src/main.ts")
    elif f'"services/{service}/src/main.ts"' not in cmd:
        problems.append(f"CMD does not run services/{service}/src/main.ts")
    if not re.search(r"npm ci\b[^\n]*--omit=dev", "\n".join(lines)):
        problems.append("no production-only install (npm ci --omit=dev)")
    if re.search(r"COPY\s+--from=build\s+/app/node_modules", "\n".join(final)):
        problems.append("final stage copies the dev node_modules")
    if re.search(r"^npm install\b|RUN npm install\b", "\n".join(lines), re.M):
        problems.append("npm install instead of npm ci")
    if any(re.match(r"^ADD\s+https?://", l) for l in lines):
        problems.append("ADD from a URL")
    return problems


def cmd_dockerfiles(*files):
    bad = 0
    for path in files:
        problems = lint_dockerfile(path)
        for p in problems:
            print(f"  {path}: {p}")
        bad += bool(problems)
    print(f"  {len(files) - bad}/{len(files)} Dockerfiles pass")
    return 1 if bad or not files else 0


if __name__ == "__main__":
    cmds = {"validate": cmd_validate, "skaffold": cmd_skaffold, "rules": cmd_rules,
            "dashboard-exprs": cmd_dashboard_exprs, "dockerfiles": cmd_dockerfiles}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        sys.exit(__doc__)
    sys.exit(cmds[sys.argv[1]](*sys.argv[2:]))
