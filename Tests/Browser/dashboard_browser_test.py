#!/usr/bin/env python3
"""The live dashboard in a real browser (issue 8): headless Chromium from Debian's packages,
driven over the DevTools protocol on a pipe (Python standard library only), against a real
`relusweep coordinator` process with real `relusweep worker` processes training grids/smoke.yaml.

1. A coordinator that needs its token for reads (bound beyond loopback): the page shows the token
   form and no data; the test types the token; the page then shows the sweep. The workers are
   frozen (SIGSTOP) part-way, so the numbers hold still while the page and the API are compared:
   progress counts, every heatmap cell (n, empty or not, in the API's cell order), workers,
   failures. Hostile worker names and error texts (markup, script) must show as text and run
   nothing. No script error and no Content-Security-Policy violation may occur. A screenshot of
   the whole page is saved (--screenshot).
2. A loopback coordinator (reads open): the page shows its sweep without asking for a token.

Chromium missing or unable to start: prints "SKIPPED: ..." and exits 0 (exit 1 with
--require-browser). Any mismatch: exits 1. Last line: "browser: N passed, N failed".
"""
import argparse
import base64
import fcntl
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HOSTILE_WORKER = "probe<img/src=x/onerror=window.__xss=1>"
HOSTILE_HOST = "lab<b>7</b>"
HOSTILE_ERROR = 'RuntimeError: <script>window.__xss=2</script> loss became NaN at step 812 & "quotes"'
OPERATOR_ERROR = "killed by the OOM killer <img src=x onerror=window.__xss=3> (exit 137)"


class Skip(Exception):
    pass


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = []

    def check(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed.append(what)
            print(f"FAIL: {what}", flush=True)

    def equal(self, got, want, what):
        self.check(got == want, f"{what}: page shows {got!r}, the API says {want!r}")


# ---------------------------------------------------------------- processes and HTTP

class Coordinator:
    def __init__(self, relusweep, workdir, name, host, token_file):
        self.db = os.path.join(workdir, name + ".sqlite")
        self.log = open(os.path.join(workdir, name + ".log"), "w")
        args = [relusweep, "coordinator", "--db", self.db, "--host", host, "--port", "0",
                "--lease-seconds", "600"]
        if token_file:
            args += ["--token-file", token_file]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.proc.stdout.readline().strip()
        if not line.startswith("listening on "):
            raise RuntimeError(f"coordinator did not start: {line!r} (log {self.log.name})")
        self.port = int(line.rsplit(":", 1)[1])
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def http(url, token=None, method="GET", body=None):
    req = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode())
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if body is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=30) as r:
        data = r.read()
    return json.loads(data) if data[:1] in (b"{", b"[") else data.decode()


def wait_for(what, predicate, seconds=60, every=0.1):
    deadline = time.monotonic() + seconds
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out after {seconds} s waiting for {what}")
        time.sleep(every)


# ---------------------------------------------------------------- Chromium over a pipe

def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    raise Skip("Chromium is not installed (make test-browser installs Debian's 'chromium' package)")


BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--no-default-browser-check", "--disable-extensions", "--hide-scrollbars", "--mute-audio",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def probe_chromium(binary, workdir):
    """Chromium runs here: it renders a page with a script."""
    try:
        r = subprocess.run([binary, *BROWSER_FLAGS, f"--user-data-dir={workdir}/probe-profile", "--dump-dom",
                            "data:text/html,<p id=p></p><script>document.getElementById('p').textContent='r'+'an'</script>"],
                           capture_output=True, text=True, timeout=90)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise Skip(f"Chromium ({binary}) cannot run here: {e}")
    if '<p id="p">ran</p>' not in r.stdout:
        tail = " | ".join(r.stderr.strip().splitlines()[-3:])
        raise Skip(f"Chromium ({binary}) cannot run here: exit {r.returncode}: {tail}")


class Browser:
    """Headless Chromium with --remote-debugging-pipe: commands on fd 3, answers and events on
    fd 4, each a JSON message ended by a NUL byte."""

    def __init__(self, binary, profile, width, height):
        to_browser_r, to_browser_w = os.pipe()
        from_browser_r, from_browser_w = os.pipe()
        # Move the child's ends above 10 so that placing them on 3 and 4 cannot clobber each other.
        child_r = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
        child_w = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
        for fd in (to_browser_r, from_browser_w):
            os.close(fd)

        def place():
            os.dup2(child_r, 3)
            os.dup2(child_w, 4)

        self.log = open(os.path.join(profile + ".log"), "w")
        self.proc = subprocess.Popen(
            [binary, *BROWSER_FLAGS, "--remote-debugging-pipe", f"--user-data-dir={profile}",
             f"--window-size={width},{height}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log, preexec_fn=place, pass_fds=(3, 4))
        os.close(child_r)
        os.close(child_w)
        self.out = os.fdopen(to_browser_w, "wb", buffering=0)
        self.inp = os.fdopen(from_browser_r, "rb", buffering=0)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def send(self, method, params=None, session=True, timeout=60):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        self.out.write(json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            reply = self._read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)
        raise RuntimeError(f"{method}: no answer from Chromium in {timeout} s")

    def _read(self):
        while b"\0" not in self.buffer:
            chunk = self.inp.read(1 << 16)
            if not chunk:
                raise RuntimeError(f"Chromium closed the pipe (log {self.log.name})")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def open_page(self, width, height):
        targets = self.send("Target.getTargets", session=False)["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.send("Target.attachToTarget", {"targetId": page["targetId"], "flatten": True}, session=False)["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.send(domain + ".enable")
        self.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def navigate(self, url):
        self.send("Page.navigate", {"url": url})

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"script failed: {result['exceptionDetails'].get('text')}: {expression[:80]}")
        return result["result"].get("value")

    def wait(self, what, expression, seconds=30):
        def ready():
            try:
                return self.evaluate(expression)
            except RuntimeError:  # the page is still loading (its elements are not there yet)
                return False
        return wait_for(what, ready, seconds=seconds, every=0.1)

    def problems(self):
        """Script errors, console errors and CSP violations seen so far."""
        out = []
        for e in self.events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.exceptionThrown":
                out.append("exception: " + json.dumps(p.get("exceptionDetails", {}))[:300])
            elif m == "Runtime.consoleAPICalled" and p.get("type") == "error":
                out.append("console.error: " + json.dumps(p.get("args", []))[:300])
            elif m == "Log.entryAdded":
                entry = p.get("entry", {})
                text = entry.get("text", "")
                # 401 answers to the first, tokenless reads are expected; anything else is not.
                if entry.get("level") == "error" and "401 (Unauthorized)" not in text:
                    out.append("log: " + text[:300])
        return out

    def screenshot(self, path, width):
        # As tall as the content: measured with a short viewport (scrollHeight is at least the viewport).
        self.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": 300, "deviceScaleFactor": 1, "mobile": False})
        time.sleep(0.2)
        height = self.evaluate("Math.ceil(document.documentElement.scrollHeight)")
        self.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        time.sleep(0.3)
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
        return height

    def close(self):
        try:
            self.send("Browser.close", session=False, timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


# What the page shows, read in one go (the same moment for every number).
PAGE_STATE = r"""(() => {
  const rows = {};
  for (const tr of document.querySelectorAll('#sweeps tbody tr')) {
    const v = k => tr.querySelector(`[data-k="${k}"]`).textContent.replace(/,/g, '');
    rows[tr.dataset.sweep] = {done: +v('done'), leased: +v('leased'), pending: +v('pending'), failed: +v('failed')};
  }
  const box = document.getElementById('heatmap');
  const cells = [...box.querySelectorAll('svg rect.cell')].map(r => ({
    x: r.getAttribute('data-x'), y: r.getAttribute('data-y'), n: +r.getAttribute('data-n'),
    facet: r.getAttribute('data-facet'), empty: r.classList.contains('empty')}));
  const workers = {};
  for (const tr of document.querySelectorAll('#workers tbody tr')) {
    const v = k => +tr.querySelector(`[data-k="${k}"]`).textContent.replace(/,/g, '');
    workers[tr.dataset.worker] = {done: v('done'), failed: v('failed'), text: tr.textContent};
  }
  const failures = [...document.querySelectorAll('#failures li')].map(li => ({trial: li.dataset.trial, error: li.querySelector('pre').textContent}));
  return {rows, cells, heatFinished: box.dataset.finished, heatQuery: box.dataset.query, workers, failures,
    xss: window.__xss === undefined ? null : window.__xss,
    activeElements: document.querySelectorAll('#failures img, #failures script, #failures b, #workers img, #workers b, #workers script').length,
    tokenDialog: !document.getElementById('token-dialog').hidden,
    conn: document.getElementById('conn-text').textContent};
})()"""


def compare(checks, page, sweep, phase, workers, failures):
    row = page["rows"].get(sweep["id"])
    checks.check(row is not None, f"the sweeps table lists {sweep['id']}")
    if row:
        for k in ("done", "leased", "pending", "failed"):
            checks.equal(row[k], sweep["counts"][k], f"sweep {sweep['id']} {k}")
    checks.equal(int(page["heatFinished"] or -1), sweep["counts"]["done"] + sweep["counts"]["failed"],
                 "trials finished when the heatmap was computed")
    cells = page["cells"]
    checks.equal(len(cells), len(phase["cells"]), "heatmap cells")
    checks.equal(len({c["x"] for c in cells}), len(phase["xValues"]), "heatmap columns (x values)")
    checks.equal(len({c["y"] for c in cells}), len(phase["yValues"]), "heatmap rows (y values)")
    for i, (shown, cell) in enumerate(zip(cells, phase["cells"])):
        where = f"heatmap cell {i} ({shown['x']}, {shown['y']}, {shown['facet']})"
        checks.equal(shown["n"], cell["n"], where + " n")
        checks.equal(shown["empty"], cell["fraction"] is None, where + " empty")
        facet = ", ".join(f"{k}={v}" for k, v in sorted(cell["facet"].items()))
        checks.equal(shown["facet"], facet or None, where + " facet")
    checks.equal(sum(c["n"] for c in cells), sweep["counts"]["done"], "trials with results in the heatmap")
    for w in workers:
        shown = page["workers"].get(w["name"])
        checks.check(shown is not None, f"the workers table lists {w['name']}")
        if shown:
            checks.equal(shown["done"], w["done"], f"worker {w['name']} done")
            checks.equal(shown["failed"], w["failed"], f"worker {w['name']} failed")
    checks.equal([f["trial"] for f in page["failures"]], [f["trialId"] for f in failures], "recent failures (trial ids, newest first)")
    checks.equal([f["error"] for f in page["failures"]], [f["error"] for f in failures], "recent failures (error texts)")


def run(args, checks):
    relusweep = os.path.abspath(args.relusweep)
    if not os.access(relusweep, os.X_OK):
        raise RuntimeError(f"{relusweep} is not built: run swift build --product relusweep")
    chromium = find_chromium()
    work = tempfile.mkdtemp(prefix="relusweep-browser-")
    procs, coordinators, browser = [], [], None
    try:
        probe_chromium(chromium, work)
        token = secrets.token_hex(16)
        token_file = os.path.join(work, "token")
        with open(token_file, "w") as f:
            f.write(token + "\n")

        # ---- 1. a coordinator whose reads need the token, a sweep in progress
        coord = Coordinator(relusweep, work, "protected", "0.0.0.0", token_file)
        coordinators.append(coord)
        url = coord.url
        info = http(url + "/v1/info", token)
        checks.check(info.get("readsNeedToken") is True, "a coordinator bound beyond loopback needs the token for reads")
        subprocess.run([relusweep, "submit", os.path.join(ROOT, "grids/smoke.yaml"), "--coordinator", url,
                        "--token-file", token_file], check=True, capture_output=True, text=True, timeout=120)
        sweep_id = "smoke"

        # A worker with a hostile name reports a failure whose text is markup; an operator
        # fails another trial for good (3 attempts) with markup in its error too.
        grant = http(url + "/v1/leases", token, "POST", {"worker": HOSTILE_WORKER, "slots": 2, "host": HOSTILE_HOST})["leases"]
        http(url + "/v1/results", token, "POST", {"results": [{
            "leaseId": grant[0]["leaseId"], "epoch": grant[0]["epoch"], "trialId": grant[0]["trialId"], "error": HOSTILE_ERROR,
            "provenance": {"worker": HOSTILE_WORKER, "host": HOSTILE_HOST}}]})
        for _ in range(3):
            http(url + f"/v1/trials/{grant[1]['trialId']}/fail", token, "POST", {"error": OPERATOR_ERROR})

        for name in ("node-a", "node-b"):
            procs.append(subprocess.Popen(
                [relusweep, "worker", "--coordinator", url, "--token-file", token_file, "--slots", "1", "--name", name,
                 "--outbox", os.path.join(work, name + ".outbox.jsonl")],
                stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, name + ".log"), "w")))
        total = http(url + f"/v1/sweeps/{sweep_id}", token)["trials"]
        wait_for("40% of the sweep done", lambda: http(url + f"/v1/sweeps/{sweep_id}", token)["counts"]["done"] >= 0.4 * total,
                 seconds=240, every=0.05)
        for p in procs:
            p.send_signal(signal.SIGSTOP)  # frozen mid-sweep: leases held, nothing new arrives

        def settled():
            a = http(url + f"/v1/sweeps/{sweep_id}", token)["counts"]
            time.sleep(1.0)
            b = http(url + f"/v1/sweeps/{sweep_id}", token)["counts"]
            return a == b and b
        counts = wait_for("the sweep's counts to hold still", settled, seconds=60)
        print(f"sweep frozen at {counts}", flush=True)

        width, height = 1440, 1000
        browser = Browser(chromium, os.path.join(work, "profile"), width, height)
        browser.open_page(width, height)
        query = "x=targetStd&y=momentum&facet=model&metric=collapsed"
        browser.navigate(url + f"/#sweep={sweep_id}&{query}")
        browser.wait("the token form", "!document.getElementById('token-dialog').hidden")
        shown = browser.evaluate(PAGE_STATE)
        checks.check(shown["rows"] == {} and shown["cells"] == [], "without the token the page shows no sweep data")
        checks.check("token" in shown["conn"], f"the page says it waits for the token (shows {shown['conn']!r})")

        browser.evaluate("document.getElementById('token-input').focus()")
        browser.send("Input.insertText", {"text": token})
        browser.evaluate("document.querySelector('#token-form button').click()")
        want = counts["done"] + counts["failed"]
        browser.wait("the heatmap of the frozen sweep",
                     f"document.getElementById('heatmap').dataset.finished === '{want}' && "
                     f"document.querySelectorAll('#failures li').length > 0 && document.body.dataset.rounds >= 1")
        # Let one more polling round pass, so the page and the reads below see the same state.
        rounds = browser.evaluate("+document.body.dataset.rounds")
        browser.wait("another polling round", f"+document.body.dataset.rounds > {rounds}", seconds=10)
        page = browser.evaluate(PAGE_STATE)
        sweep = http(url + f"/v1/sweeps/{sweep_id}", token)
        phase = http(url + f"/v1/sweeps/{sweep_id}/phase?{query}&format=json", token)
        workers = http(url + "/v1/workers", token)["workers"]
        failures = http(url + "/v1/failures?limit=20", token)["failures"]
        checks.equal(sweep["counts"], counts, "the frozen sweep's counts (API, after the page was read)")
        checks.check(not page["tokenDialog"], "the token form is closed once the token was accepted")
        checks.check(page["conn"].startswith("live"), f"the connection line says live (shows {page['conn']!r})")
        checks.equal(dict(urllib.parse.parse_qsl(page["heatQuery"] or "")), dict(urllib.parse.parse_qsl(query)),
                     "the heatmap's query (from the address)")
        compare(checks, page, sweep, phase, workers, failures)
        checks.check(counts["done"] > 0 and counts["leased"] > 0 and counts["pending"] > 0 and counts["failed"] > 0,
                     f"the frozen sweep has done, leased, pending and failed trials: {counts}")
        checks.check(page["xss"] is None, f"no script from the API ran (window.__xss = {page['xss']})")
        checks.equal(page["activeElements"], 0, "elements made from API texts in the workers and failures lists")
        checks.check(HOSTILE_WORKER in page["workers"].get(HOSTILE_WORKER, {}).get("text", ""), "the hostile worker name shows as text")
        checks.check(HOSTILE_ERROR in [f["error"] for f in page["failures"]], "the hostile error text shows as text")
        checks.check(OPERATOR_ERROR in [f["error"] for f in page["failures"]], "the operator's error text shows as text")
        problems = browser.problems()
        checks.check(not problems, f"no script error or CSP violation: {problems}")
        if args.screenshot:
            h = browser.screenshot(args.screenshot, width)
            print(f"screenshot: {args.screenshot} ({width}x{h})", flush=True)

        # ---- 2. a loopback coordinator: reads are open, the page asks for nothing
        open_coord = Coordinator(relusweep, work, "loopback", "127.0.0.1", token_file)
        coordinators.append(open_coord)
        grid = os.path.join(work, "tiny.yaml")
        with open(grid, "w") as f:
            f.write("name: tiny\nbase: {model: single, dataset: relu1d, steps: 10}\n"
                    "axes: {targetStd: [0.01, 1], momentum: [0, 0.9]}\nseeds: 2\n")
        subprocess.run([relusweep, "submit", grid, "--coordinator", open_coord.url, "--token-file", token_file],
                       check=True, capture_output=True, text=True, timeout=60)
        browser.events.clear()
        browser.navigate(open_coord.url + "/")
        browser.wait("the loopback coordinator's sweep and heatmap",
                     "document.querySelector('#sweeps tr[data-sweep=\"tiny\"]') !== null && "
                     "document.querySelectorAll('#heatmap rect.cell').length === 4")
        page = browser.evaluate(PAGE_STATE)
        checks.check(not page["tokenDialog"], "on loopback without protected reads the page asks for no token")
        checks.equal(page["rows"].get("tiny"), {"done": 0, "leased": 0, "pending": 8, "failed": 0}, "tiny sweep counts")
        problems = browser.problems()
        checks.check(not problems, f"no script error or CSP violation (loopback): {problems}")
    finally:
        if browser:
            browser.close()
        for p in procs:
            try:
                p.send_signal(signal.SIGCONT)
                p.send_signal(signal.SIGTERM)
                p.wait(30)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                p.kill()
        for c in coordinators:
            c.stop()
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--relusweep", default=os.path.join(ROOT, ".build/debug/relusweep"))
    parser.add_argument("--screenshot", help="save a PNG of the whole page here")
    parser.add_argument("--require-browser", action="store_true", help="fail (exit 1) instead of skipping without Chromium")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs, database)")
    args = parser.parse_args()
    checks = Checks()
    start = time.monotonic()
    try:
        run(args, checks)
    except Skip as e:
        print(f"SKIPPED: the dashboard browser test did not run: {e}", flush=True)
        print("browser: 0 passed, 0 failed, 1 skipped")
        sys.exit(1 if args.require_browser else 0)
    except Exception as e:
        checks.check(False, f"the test could not finish: {type(e).__name__}: {e}")
    print(f"browser test took {time.monotonic() - start:.1f} s")
    print(f"browser: {checks.passed} passed, {len(checks.failed)} failed")
    sys.exit(1 if checks.failed else 0)


if __name__ == "__main__":
    main()
