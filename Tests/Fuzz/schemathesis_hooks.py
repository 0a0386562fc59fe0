"""schemathesis hooks for Tests/Fuzz/api_fuzz.py (loaded with SCHEMATHESIS_HOOKS=schemathesis_hooks).

- `rejected_request_changes_nothing`: a check that every 4xx answer left the coordinator's
  database (RELUSWEEP_FUZZ_DB, read-only) exactly as it was before the request.
- Grids submitted by the fuzzer stay small (seeds and axis lists clamped in before_call, which
  every phase goes through), so a valid random grid does not keep the coordinator busy inserting
  a million trials (docs/reliability.md measures that case on its own); invalid ones go through.
- Every request and its status are counted into RELUSWEEP_FUZZ_COUNT (JSON) for the summary.
Run with one schemathesis worker: the before/after comparison assumes requests do not overlap.
"""

import atexit
import hashlib
import json
import os
import sqlite3

import schemathesis

DB = os.environ.get("RELUSWEEP_FUZZ_DB")
COUNT_FILE = os.environ.get("RELUSWEEP_FUZZ_COUNT")
counts = {"requests": 0, "statuses": {}}
digests = {}


def digest():
    con = sqlite3.connect(f"file:{DB}?mode=ro", uri=True, timeout=10)
    try:
        h = hashlib.sha256()
        for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall():
            h.update(t.encode())
            for row in con.execute(f'SELECT * FROM "{t}" ORDER BY 1'):
                h.update(repr(row).encode())
        return h.hexdigest()
    finally:
        con.close()


def small_grid(body):
    """At most 20 seeds, 5 values per axis and 3 axes: a valid random grid stays small."""
    if not isinstance(body, dict):
        return body
    seeds = body.get("seeds")
    if isinstance(seeds, int) and not isinstance(seeds, bool) and seeds > 20:
        body["seeds"] = 20
    if isinstance(seeds, list) and len(seeds) > 20:
        body["seeds"] = seeds[:20]
    axes = body.get("axes")
    if isinstance(axes, dict):
        for k, v in list(axes.items()):
            if isinstance(v, list) and len(v) > 5:
                axes[k] = v[:5]
        if len(axes) > 3:
            body["axes"] = dict(list(axes.items())[:3])
    return body


@schemathesis.hook
def before_call(ctx, case, kwargs):
    # Every phase (the coverage phase bypasses map_body): no million-trial submits.
    if case.method.upper() == "POST" and case.path == "/v1/sweeps":
        case.body = small_grid(case.body)
    if DB:
        digests[id(case)] = digest()


@schemathesis.hook
def after_call(ctx, case, response):
    counts["requests"] += 1
    key = str(response.status_code)
    counts["statuses"][key] = counts["statuses"].get(key, 0) + 1


@schemathesis.check
def rejected_request_changes_nothing(ctx, response, case):
    """A request answered with 4xx must not have changed anything stored."""
    if not DB or not (400 <= response.status_code < 500):
        return None
    before = digests.pop(id(case), None)
    if before is not None and digest() != before:
        raise AssertionError(f"HTTP {response.status_code} for {case.method} {case.path}, but the database changed")
    return None


@atexit.register
def _write_counts():
    if COUNT_FILE:
        with open(COUNT_FILE, "w") as f:
            json.dump(counts, f)
