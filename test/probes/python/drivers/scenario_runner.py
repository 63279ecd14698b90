"""Runs a driver's scenarios one after another in this process, each recorded to OUT_DIR/<name>.jsonl, and
prints the seconds each took (JSON) for the tests."""

import json
import os
import sys
import time

import nncheck_probe


def run_scenarios(scenarios, out, names):
    times = {}
    for name in names or list(scenarios):
        started = time.perf_counter()
        # The interval pinned: by default it stretches to a time budget, and these trainings must record the
        # same steps on any machine.
        with nncheck_probe.record(os.path.join(out, name + ".jsonl"), sampling_interval=10):
            scenarios[name]()
        times[name] = round(time.perf_counter() - started, 2)
    json.dump(times, sys.stdout)
