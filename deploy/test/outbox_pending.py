#!/usr/bin/env python3
"""Counts results still waiting in worker outbox files: result lines (ResultItem objects) whose
(leaseId, trialId) has no tombstone line {"acked": {...}} after it. Prints the count.
Usage: outbox_pending.py OUTBOX.jsonl...  (worker logs, *.log.jsonl, are skipped)"""
import json
import sys

pending = 0
for path in sys.argv[1:]:
    if path.endswith(".log.jsonl"):
        continue
    waiting = set()
    try:
        lines = open(path).read().splitlines()
    except FileNotFoundError:
        continue
    for line in lines:
        if not line.strip():
            continue
        obj = json.loads(line)
        if "acked" in obj:
            waiting.discard((obj["acked"]["leaseId"], obj["acked"]["trialId"]))
        else:
            waiting.add((obj["leaseId"], obj["trialId"]))
    pending += len(waiting)
print(pending)
