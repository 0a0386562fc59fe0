#!/usr/bin/env python3
"""Writes N synthetic single-ReLU trial records as results.jsonl lines (the export's form), for
timing `relusweep aggregate` without running a million trials first. Grid: targetStd
logspace(-4, 1, 50) x momentum 0..0.95 step 0.05 x lr logspace(-3, -1, 10) x seeds."""
import json, math, random, sys

def main():
    n = int(sys.argv[1]); out = sys.argv[2]
    rng = random.Random(7)
    stds = [10 ** (-4 + 5 * i / 49) for i in range(50)]
    moms = [round(0.05 * i, 2) for i in range(20)]
    lrs = [10 ** (-3 + 2 * i / 9) for i in range(10)]
    cells = len(stds) * len(moms) * len(lrs)
    with open(out, "w") as f:
        for k in range(n):
            seed, c = divmod(k, cells)
            s, rest = divmod(c, len(moms) * len(lrs)); m, l = divmod(rest, len(lrs))
            config = {"batchSize": 0, "beta2": 0.999, "dataset": "relu1d", "depth": 2, "earlyStop": False, "eps": 1e-08,
                      "lr": lrs[l], "model": "single", "momentum": moms[m], "nTest": 64, "nTrain": 64, "optimizer": "momentum",
                      "probeEvery": 0, "seed": seed, "steps": 20, "targetMean": 0, "targetStd": stds[s], "trace": False,
                      "trajectoryEvery": 0, "width": 64}
            dead = 1.0 if rng.random() < 0.5 * (1 - math.tanh(math.log10(stds[s]) + 2)) * moms[m] else 0.0
            metrics = {"collapsed": dead == 1.0, "collapsedInit": False, "deadFraction": dead, "deadFractionInit": 0,
                       "deadFractionPerLayer": [dead], "deadFractionPerLayerInit": [0], "deadUnits": int(dead), "diverged": False,
                       "normalizedTestMSE": rng.random() * 2, "normalizedTrainMSE": rng.random(), "normalizedTrainMSEInit": 1.5,
                       "parameterCount": 3, "skippedSteps": 0, "stepsPerSecond": 123456.7, "stepsRun": 20,
                       "stopReason": "completed", "totalUnits": 1, "wallSeconds": 0.0001}
            tid = "%032x" % (k * 2654435761 % (1 << 128))
            f.write(json.dumps({"config": config, "metrics": metrics, "trialId": tid}, sort_keys=True, separators=(",", ":")) + "\n")

main()
