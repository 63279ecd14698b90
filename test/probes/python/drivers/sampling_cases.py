"""Drives the probe's Run through synthetic steps with stated durations (no framework, no clock) and prints,
per case, the sampled steps and the run-start config as JSON: how the sampling budget sets the interval.
Usage: python sampling_cases.py
"""

import json

from nncheck_probe import _probe
from nncheck_probe._records import ListSink
from nncheck_probe._runtime import RUNTIME


class Clock:
    """The probe's clock, advanced by the driver only: the probe's own time is what a case states."""

    def __init__(self):
        self.now = 0.0

    def perf_counter(self):
        return self.now

    def monotonic(self):
        return self.now

    def advance(self, ms):
        self.now += ms / 1000.0


CLOCK = Clock()
_probe.time = CLOCK


def steps_of(interval, steps, step_ms, sample_ms, after_ms=0.0, after_steps=0, hook_ms=0.0, sample_own_ms=0.0):
    """Runs `steps` steps of step_ms each; a sampled step takes sample_ms, and the after_steps steps after
    it take after_ms more (what a sample costs later: collections, caches). The probe's hooks take hook_ms
    of its own time at each unsampled step, and sample_own_ms of sample_ms at a sampled one."""
    sink = ListSink()
    RUNTIME.add_sink(sink)
    try:
        run = _probe.Run("test", "cpu", sampling_interval=interval)
        run.start({"layers": []}, [])
        sampled, since = [], None
        for step in range(steps):
            if run.begin_step(0, step):
                sampled.append(step)
                since = 0
            elif since is not None:
                since += 1
            ms = sample_ms if run.step_sampled else step_ms + (after_ms if since is not None and 0 < since <= after_steps else 0.0)
            run.timed(lambda: CLOCK.advance(sample_own_ms if run.step_sampled else hook_ms))
            run.end_step(1.0, {}, None, time_ms=ms)
        run.end("completed")
    finally:
        RUNTIME.remove_sink(sink)
    start = next(r for r in sink.records if r["type"] == "run-start")
    return {"sampled": sampled, "config": start["config"]}


class Lazy:
    """A loss the probe cannot read as a number (as a framework tensor): read by `read_losses` only."""

    def __init__(self, value):
        self.value = value


def deferred_losses(read=False):
    """Losses given lazily, 45 steps at interval 10 with a NaN at step 13: the records in the order
    written, and how many reads it took. `read`: the losses are numbers already (a CPU tensor read at its
    step), written in the same batches."""
    sink = ListSink()
    RUNTIME.add_sink(sink)
    reads = []
    try:
        run = _probe.Run("test", "cpu", sampling_interval=10)
        run.read_losses = lambda losses: reads.append(len(losses)) or [getattr(loss, "value", loss) for loss in losses]
        run.start({"layers": []}, [])
        for step in range(45):
            if run.begin_step(0, step):
                run.entries.append({"layer": "", "role": "target", "name": "target", "shape": [1], "stats": {}})
            loss = float("nan") if step == 13 else 1.0 / (step + 1)
            run.end_step(loss if read else Lazy(loss), {}, None, time_ms=1.0)
        run.end_epoch(0, 0.5)
        run.end("completed")
    finally:
        RUNTIME.remove_sink(sink)
    written = [(r["type"], r.get("step"), r.get("loss")) for r in sink.records if r["type"] in ("step", "tensors", "epoch")]
    return {"reads": reads, "written": written}


print(
    json.dumps(
        {
            "asked": steps_of(10, 2000, 1.0, 40.0),
            "cheapSamples": steps_of(None, 2000, 10.0, 10.2),
            "costlySamples": steps_of(None, 2000, 1.0, 4.0),
            "costAfterSamples": steps_of(None, 2000, 1.0, 1.0, after_ms=3.0, after_steps=1),
            "veryCostlySamples": steps_of(None, 5000, 1.0, 2001.0),
            "costlyHooks": steps_of(None, 3000, 1.0, 4.0, hook_ms=0.01),
            "samplesOwnTime": steps_of(None, 2000, 1.0, 4.0, sample_own_ms=3.0),
            "hooksOverBudget": steps_of(None, 5000, 1.0, 4.0, hook_ms=0.05),
            "deferredLosses": deferred_losses(),
            "readLosses": deferred_losses(read=True),
        }
    )
)
