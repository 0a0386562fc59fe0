#!/usr/bin/env python3
"""Structural checks of the deploy files that no schema checker makes: what the Kubernetes
manifests, the Dockerfile, the sbatch scripts and the systemd units must contain for ReLUSweep
(the token as a mounted file, probes on /healthz, the volume for SQLite, requeue and drain
options, ...). Schema validity itself is checked by kubernetes-validate, hadolint and
systemd-analyze in validate.sh. Prints one line per check and `N passed, M failed`."""
import fnmatch
import os
import re
import sys

import yaml  # PyYAML (installed with kubernetes-validate)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEPLOY = os.path.join(ROOT, "deploy")
results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    print(("ok: " if ok else "FAIL: ") + name + (f" ({detail})" if detail and not ok else ""))


def load_all(path):
    with open(path) as f:
        return [d for d in yaml.safe_load_all(f) if d]


# ---------------------------------------------------------------- Kubernetes
K8S = os.path.join(DEPLOY, "kubernetes")
docs = {}
for name in sorted(os.listdir(K8S)):
    if name.endswith(".yaml") and name != "kustomization.yaml":
        for d in load_all(os.path.join(K8S, name)):
            docs[(d["kind"], d["metadata"]["name"])] = (name, d)


def get(kind, name):
    entry = docs.get((kind, name))
    check(f"kubernetes: {kind} {name} exists", entry is not None)
    return entry[1] if entry else {}


def containers(obj):
    return obj.get("spec", {}).get("template", {}).get("spec", {}).get("containers", [])


def pod_spec(obj):
    return obj.get("spec", {}).get("template", {}).get("spec", {})


def arg_after(args, flag):
    return args[args.index(flag) + 1] if flag in args and args.index(flag) + 1 < len(args) else None


def token_mount_ok(obj, args):
    """--token-file points into a volume mounted from the Secret relusweep-token (key token)."""
    path = arg_after(args, "--token-file")
    if not path:
        return False
    spec = pod_spec(obj)
    vols = {v["name"]: v for v in spec.get("volumes", [])}
    for m in containers(obj)[0].get("volumeMounts", []):
        v = vols.get(m["name"], {})
        sec = v.get("secret")
        if sec and sec.get("secretName") == "relusweep-token" and path.startswith(m["mountPath"].rstrip("/") + "/"):
            keys = {i["key"]: i["path"] for i in sec.get("items", [])} or {"token": "token"}
            return os.path.relpath(path, m["mountPath"]) in keys.values() and "token" in keys and m.get("readOnly")
    return False


def resources_ok(c):
    r = c.get("resources", {})
    return all(k in r.get("requests", {}) for k in ("cpu", "memory")) and all(k in r.get("limits", {}) for k in ("cpu", "memory"))


sts = get("StatefulSet", "relusweep-coordinator")
if sts:
    spec = sts["spec"]
    c = containers(sts)[0]
    args = c.get("args", [])
    check("coordinator: exactly one replica (one SQLite writer)", spec.get("replicas") == 1)
    check("coordinator: runs `relusweep coordinator`", args[:1] == ["coordinator"])
    claims = {t["metadata"]["name"]: t for t in spec.get("volumeClaimTemplates", [])}
    db = arg_after(args, "--db") or ""
    mounts = {m["name"]: m["mountPath"] for m in c.get("volumeMounts", [])}
    db_claim = [n for n in claims if n in mounts and db.startswith(mounts[n].rstrip("/") + "/")]
    check(f"coordinator: --db {db} is on a PersistentVolumeClaim", bool(db_claim))
    check("coordinator: the claim is ReadWriteOnce with a storage request",
          bool(db_claim) and "ReadWriteOnce" in claims[db_claim[0]]["spec"]["accessModes"]
          and "storage" in claims[db_claim[0]]["spec"]["resources"]["requests"])
    check("coordinator: listens beyond loopback (--host 0.0.0.0) with a token file", arg_after(args, "--host") == "0.0.0.0" and "--token-file" in args)
    check("coordinator: --token-file is the mounted Secret relusweep-token (read-only)", token_mount_ok(sts, args))
    port = int(arg_after(args, "--port") or 0)
    cports = {p.get("name"): p["containerPort"] for p in c.get("ports", [])}
    check("coordinator: --port matches the containerPort", port in cports.values())
    for probe in ("readinessProbe", "livenessProbe"):
        hg = c.get(probe, {}).get("httpGet", {})
        pport = hg.get("port")
        pport = cports.get(pport, pport)
        check(f"coordinator: {probe} is GET /healthz on the API port", hg.get("path") == "/healthz" and pport == port)
    check("coordinator: resource requests and limits", resources_ok(c))
    check("coordinator: no token in env or args", not any("RELUSWEEP_TOKEN" == e.get("name") for e in c.get("env", [])))
    ro = c.get("securityContext", {}).get("readOnlyRootFilesystem")
    check("coordinator: with a read-only root, /tmp is a writable volume (SQLite temp files)", not ro or "/tmp" in mounts.values())
    svc = get("Service", "relusweep-coordinator")
    tmpl_labels = spec["template"]["metadata"]["labels"]
    if svc:
        sel = svc["spec"]["selector"]
        check("service: selects the coordinator pod", all(tmpl_labels.get(k) == v for k, v in sel.items()))
        check("service: forwards to the coordinator's port",
              any(p.get("targetPort") in (port, *[n for n, v in cports.items() if v == port]) for p in svc["spec"]["ports"]))
    gov = docs.get(("Service", spec.get("serviceName")))
    check("statefulset: its serviceName is a headless Service", gov is not None and gov[1]["spec"].get("clusterIP") == "None")

secret = get("Secret", "relusweep-token")
if secret:
    data = {**secret.get("stringData", {}), **secret.get("data", {})}
    check("secret example: key `token`, no real value committed", "token" in data and data["token"] in ("", None))

for kind, name, exits in (("Job", "relusweep-workers", True), ("Deployment", "relusweep-worker", False)):
    obj = get(kind, name)
    if not obj:
        continue
    c = containers(obj)[0]
    args = c.get("args", [])
    url = arg_after(args, "--coordinator") or ""
    m = re.match(r"http://([a-z0-9-]+):(\d+)$", url)
    check(f"{kind}: runs `relusweep worker` against the coordinator Service",
          args[:1] == ["worker"] and m and (("Service", m.group(1)) in docs))
    check(f"{kind}: --token-file is the mounted Secret relusweep-token (read-only)", token_mount_ok(obj, args))
    slots = arg_after(args, "--slots") or ""
    env = {e["name"]: e for e in c.get("env", [])}
    sv = slots.strip("$()")
    check(f"{kind}: --slots from the container's CPU limit (downward API)",
          sv in env and env[sv].get("valueFrom", {}).get("resourceFieldRef", {}).get("resource") == "limits.cpu")
    check(f"{kind}: resource requests and limits", resources_ok(c))
    check(f"{kind}: --exit-when-idle {'set' if exits else 'not set'}", ("--exit-when-idle" in args) == exits)
    data_dirs = [args[i + 1] for i, a in enumerate(args[:-1]) if a == "--data-dir"]
    vols = {v["name"]: v for v in pod_spec(obj).get("volumes", [])}
    ro_mounts = [m for m in c.get("volumeMounts", []) if m.get("readOnly") and m["name"] in vols
                 and not vols[m["name"]].get("secret")]
    check(f"{kind}: --data-dir on a read-only data volume (csv: data sets; none: every csv trial refused)",
          any(d.rstrip("/") == m["mountPath"].rstrip("/") for d in data_dirs for m in ro_mounts), str(data_dirs))
    grace = pod_spec(obj).get("terminationGracePeriodSeconds", 30)
    check(f"{kind}: grace period ({grace} s) covers the worker's drain (20 s) and flush (10 s)", grace >= 30)
    if kind == "Job":
        s = obj["spec"]
        check("Job: indexed, parallelism <= completions", s.get("completionMode") == "Indexed" and s.get("parallelism", 1) <= s.get("completions", 1))
        check("Job: one worker name per index ($(JOB_COMPLETION_INDEX))", "JOB_COMPLETION_INDEX" in (arg_after(args, "--name") or ""))

with open(os.path.join(K8S, "kustomization.yaml")) as f:
    kust = yaml.safe_load(f)
check("kustomization: every resource file exists",
      all(os.path.exists(os.path.join(K8S, r)) for r in kust.get("resources", [])) and kust.get("resources"))

# ---------------------------------------------------------------- Dockerfile
DOCKER = os.path.join(DEPLOY, "docker")
try:
    import dockerfile  # official Go parser (PyPI `dockerfile`)
    cmds = dockerfile.parse_file(os.path.join(DOCKER, "Dockerfile"))
    check("docker: Dockerfile parses (BuildKit's parser)", True)
except Exception as e:  # noqa: BLE001 - report any parse error as a failed check
    cmds = []
    check("docker: Dockerfile parses (BuildKit's parser)", False, str(e))
args_default = {}
for c in cmds:
    if c.cmd == "ARG" and "=" in c.value[0]:
        k, v = c.value[0].split("=", 1)
        args_default[k] = v
froms = [re.sub(r"\$\{(\w+)\}", lambda m: args_default.get(m.group(1), m.group(0)), c.value[0]) for c in cmds if c.cmd == "FROM"]
check("docker: multi-stage, built on the official Swift image >= 6.2",
      len(froms) >= 2 and re.match(r"swift:(6\.([2-9]|\d\d)|[7-9])", froms[0] or "") is not None, str(froms))
runtime_runs = " ".join(" ".join(c.value) for c in cmds[[i for i, c in enumerate(cmds) if c.cmd == "FROM"][-1]:] if c.cmd == "RUN") if froms else ""
check("docker: runtime is slim and installs libcurl and libsqlite3",
      "slim" in froms[-1] and "libcurl4" in runtime_runs and "libsqlite3-0" in runtime_runs, froms[-1] if froms else "")
build_runs = " ".join(" ".join(c.value) for c in cmds if c.cmd == "RUN")
check("docker: builds the relusweep product in release mode", "--product relusweep" in build_runs and "-c release" in build_runs)
copies = [c for c in cmds if c.cmd == "COPY"]
check("docker: the runtime gets the binary from the build stage", any("--from=build" in c.flags for c in copies))
check("docker: the runtime gets grids/ (with grids/data)", any(c.value[0].rstrip("/") == "grids" for c in copies))
user = [c.value[0] for c in cmds if c.cmd == "USER"]
check("docker: runs as the non-root uid 10001 the manifests expect", user and user[-1].split(":")[0] == "10001")
entry = [c for c in cmds if c.cmd == "ENTRYPOINT"]
check("docker: ENTRYPOINT is the relusweep binary (exec form, receives signals)", entry and entry[-1].json and entry[-1].value[0].endswith("relusweep"))
for c in copies:
    if "--from=build" in c.flags:
        continue
    for src in c.value[:-1]:
        if src != ".":
            check(f"docker: COPY source {src} exists in the repository", os.path.exists(os.path.join(ROOT, src)))
ignore_path = os.path.join(DOCKER, "Dockerfile.dockerignore")
patterns = [l.strip() for l in open(ignore_path) if l.strip() and not l.startswith("#")] if os.path.exists(ignore_path) else []
check("docker: Dockerfile.dockerignore exists", bool(patterns))
needed = ["Package.swift", "Sources", "Tests", "Benchmarks", "grids", "grids/data"]
excluded = [n for n in needed if any(fnmatch.fnmatch(n, p.rstrip("/")) for p in patterns if not p.startswith("!"))]
check("docker: the ignore file keeps what the build needs (Package.swift, Sources, Tests, Benchmarks, grids)", not excluded, str(excluded))
check("docker: the ignore file drops .build and .git", ".build" in patterns and ".git" in patterns)

# ---------------------------------------------------------------- Slurm
SLURM = os.path.join(DEPLOY, "slurm")


def sbatch_options(path):
    opts = {}
    for line in open(path):
        if not line.startswith("#SBATCH"):
            continue
        m = re.match(r"#SBATCH\s+--([a-z-]+)(?:=(\S+))?\s*$", line)
        check(f"slurm: {os.path.basename(path)}: `{line.strip()}` is a long option", m is not None)
        if m:
            opts[m.group(1)] = m.group(2)
    return opts


def body(path):
    return "".join(l for l in open(path) if not l.lstrip().startswith("#"))


w = os.path.join(SLURM, "relusweep-workers.sbatch")
o = sbatch_options(w)
b = body(w)
check("slurm workers: --array=0-N%K", re.fullmatch(r"0-\d+%\d+", o.get("array") or "") is not None, o.get("array"))
check("slurm workers: --requeue", "requeue" in o)
check("slurm workers: --signal=B:TERM@<lead> (SIGTERM to the worker before the time limit)",
      re.fullmatch(r"B:TERM@\d+", o.get("signal") or "") is not None, o.get("signal"))
check("slurm workers: --cpus-per-task, and --slots from SLURM_CPUS_PER_TASK",
      "cpus-per-task" in o and re.search(r"--slots\s+\"\$\{SLURM_CPUS_PER_TASK", b) is not None)
check("slurm workers: the worker is exec'd (it receives the signal itself)", re.search(r"^exec \"\$bin\" worker", b, re.M) is not None)
check("slurm workers: --exit-when-idle and a stable --name per array task",
      "--exit-when-idle" in b and "SLURM_ARRAY_TASK_ID" in b and "--name" in b)
check("slurm workers: --open-mode=append (a requeued task keeps its log)", o.get("open-mode") == "append")
check("slurm workers: csv data sets only from data directories (--data-dir, RELUSWEEP_DATA_DIR)",
      '"${data_args[@]}"' in b and "--data-dir" in b and "RELUSWEEP_DATA_DIR" in b)
c = os.path.join(SLURM, "relusweep-coordinator.sbatch")
oc = sbatch_options(c)
bc = body(c)
check("slurm coordinator: --signal=B:TERM@<lead> and --requeue", re.fullmatch(r"B:TERM@\d+", oc.get("signal") or "") is not None and "requeue" in oc)
for name, text in (("workers", b), ("coordinator", bc)):
    check(f"slurm {name}: token only as a file (--token-file), its mode checked, never RELUSWEEP_TOKEN",
          "--token-file" in text and "RELUSWEEP_TOKEN=" not in text and "RELUSWEEP_TOKEN " not in text
          and "stat -c %a" in text)

# ---------------------------------------------------------------- systemd
SYSTEMD = os.path.join(DEPLOY, "systemd")


def unit(path):
    keys = {}
    text = re.sub(r"\\\n\s*", " ", open(path).read())  # join continued lines
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "[")) and "=" in line:
            k, v = line.split("=", 1)
            keys.setdefault(k, []).append(v)
    return keys


for name, restart in (("relusweep-coordinator.service", ("on-failure", "always")), ("relusweep-worker.service", ("always", "on-failure"))):
    u = unit(os.path.join(SYSTEMD, name))
    execs = " ".join(u.get("ExecStart", []))
    check(f"systemd {name}: Restart= policy", u.get("Restart", [""])[-1] in restart)
    check(f"systemd {name}: token via LoadCredential= and --token-file %d/token",
          any(v.startswith("token:") for v in u.get("LoadCredential", [])) and "--token-file %d/token" in execs)
    check(f"systemd {name}: a state directory for its files", bool(u.get("StateDirectory")))
    check(f"systemd {name}: hardened (ProtectSystem=strict, NoNewPrivileges, empty CapabilityBoundingSet)",
          u.get("ProtectSystem") == ["strict"] and u.get("NoNewPrivileges") == ["yes"] and u.get("CapabilityBoundingSet") == [""])
worker_unit = unit(os.path.join(SYSTEMD, "relusweep-worker.service"))
check("systemd worker: --data-dir (csv: data sets only inside it)", "--data-dir /" in " ".join(worker_unit.get("ExecStart", [])))
coord = unit(os.path.join(SYSTEMD, "relusweep-coordinator.service"))
check("systemd coordinator: --db inside its StateDirectory (writable under ProtectSystem=strict)",
      f"%S/{coord.get('StateDirectory', ['?'])[0]}/" in " ".join(coord.get("ExecStart", [])))

n_ok = sum(results)
print(f"check_deploy: {n_ok} passed, {len(results) - n_ok} failed")
sys.exit(0 if n_ok == len(results) else 1)
