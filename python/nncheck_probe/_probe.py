"""The probe's core, shared by the Keras and PyTorch integrations: turns what the hooks see into telemetry
records (loss every step; activations, gradients, parameters and updates every `sampling_interval` steps)
and isolates failures. It measures; the checks (in nncheck, in TypeScript) decide.

Mirrors the TF.js probe (src/probes/tfjs/probe.ts): ΔW is taken between sampled steps on kept
subsamples (`updateSteps`), the first one over one step; a non-finite loss at an unsampled step makes
the next step sampled; frozen parameters are recorded as weights only.
"""

import datetime
import math
import re
import time
import weakref

from . import _stats
from ._runtime import RUNTIME, warn_once

PROBE_VERSION = "0.1.0"
DEFAULT_SAMPLING_INTERVAL = 10
# Unless an interval is asked for, the probe may cost at most this share of the training's time: its hooks
# at every step (measured, its own time) and its samples. Past the first BUDGET_WARMUP_SAMPLES samples
# (taken every DEFAULT_SAMPLING_INTERVAL steps), the interval stretches to what a sample costs against
# what the hooks leave of the budget, up to MAX_BUDGETED_INTERVAL; samples always get MIN_SAMPLE_SHARE of
# it (hooks that cost more than the budget on a very short step must not stop the samples). 2 %: with what
# the probe costs outside its own time (caches, collections) and the warm-up, the whole stays near the 3 %
# a user can accept.
DEFAULT_SAMPLING_BUDGET = 0.02
MIN_SAMPLE_SHARE = 0.25
# 4: the first sample's cycle and 3 timed ones, the fewest the interval is fitted on (10 cost 2 % of a
# 1,000-step training of 7 ms steps by themselves); most checks judge from their third sample.
BUDGET_WARMUP_SAMPLES = 4
MAX_BUDGETED_INTERVAL = 1000
# Nor does it outgrow the steps trained so far: past the warm-up, samples at most double their distance from
# the start (30, 60, 120...), so a fault that shows after the warm-up is seen by the 3 samples most checks
# need before the interval reaches its budget. A learning rate ×1000 on a 1 ms-step Keras MLP killed its
# units between steps 30 and 1,030; stretched to 1,000 at once, the interval left 2 samples to see them.
# The extra samples cost: on a 0.8 ms-step PyTorch MLP over 3,000 steps, 11 samples instead of 7-8, the
# probe's own time 4.4 % of the training's instead of 3.5-3.7 %.
_RECENT_SAMPLED = 5
_RECENT_UNSAMPLED = 32
# Losses given as framework tensors are read in batches: at a sampled step, an epoch's end, the run's end,
# or after DEFER_STEPS steps or DEFER_SECONDS, whichever comes first (a read per step would make an
# accelerator wait for every step).
DEFER_STEPS = 32
DEFER_SECONDS = 0.25


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Param:
    """A parameter as the probe follows it.

    `read()` returns its current value (a framework tensor or array); `penalty` is (l1, coefficient,
    included): the regularisation gradient is l1·sign(w) + coefficient·w, already part of the gradient the
    optimizer receives when `included` (Keras regularisers), added by the optimizer itself when not
    (PyTorch's coupled weight decay).
    """

    __slots__ = ("name", "layer", "parameter", "read", "shape", "trainable", "penalty", "dtype", "unit_axis")

    def __init__(self, name, layer, parameter, read, shape, trainable=True, penalty=None, dtype=None, unit_axis=-1):
        self.name = name
        self.layer = layer
        self.parameter = parameter
        self.read = read
        self.shape = [int(d) for d in shape]
        self.trainable = trainable
        self.penalty = penalty
        self.dtype = dtype
        # The axis of a kernel whose indices are the layer's units (its output channels): the last in
        # Keras, 0 in PyTorch; None when not known (no per-unit statistics then).
        self.unit_axis = unit_axis


class Run:
    """One training run: a run-start, steps, epochs, a run-end."""

    def __init__(self, framework, backend, sampling_interval=None, max_values=_stats.DEFAULT_MAX_SAMPLED_VALUES, ops=None, first_step=0):
        self.framework = framework
        self.backend = backend
        asked = sampling_interval or RUNTIME.sampling_interval
        self.sampling_interval = max(1, int(asked or DEFAULT_SAMPLING_INTERVAL))
        self.base_interval = self.sampling_interval
        self.budget = None if asked else DEFAULT_SAMPLING_BUDGET
        self.next_sample = -(-first_step // self.sampling_interval) * self.sampling_interval
        self.samples_taken = 0
        # For the budget: recent unsampled step times (ms); the extra time of recent sampling cycles (a
        # sampled step and the unsampled ones after it, which may pay for it too: collections, caches); the
        # open cycle's [time, steps].
        self.unsampled_ms = []
        self.cycle_extra_ms = []
        self.cycle = None
        # The hooks' own time per unsampled step, per recent cycle (ms); the open cycle's [own time when
        # its first unsampled step closed, unsampled steps since].
        self.hook_ms = []
        self.hook_cycle = None
        # Step records whose loss is a tensor not read yet: (record, loss, sampled). `read_losses`, set by
        # an integration, reads a list of such losses at once (None: every loss is a number already).
        self.deferred = []
        self.deferred_since = 0.0
        self.read_losses = None
        self.max_values = max_values
        self.ops = ops or _stats.default_ops()
        self.layers = {}
        self.passed_through = frozenset()
        self.params = {}
        self.previous = {}
        self.started = False
        self.ended = False
        self.next_step = first_step
        self.force_sample = False
        self.step_open = False
        self.step_sampled = False
        self.step_epoch = 0
        self.step_batch = 0
        self.step_start = 0.0
        self.entries = []
        # This step's activation entries by layer (a layer called again in the step keeps its first output).
        self.outputs = {}
        self.gradient_squares = None
        self.self_time = 0.0
        self._timing = False
        self.steps_recorded = 0
        # The run's optimizer alternates with another that steps on a loss of its own (a GAN): its steps say
        # so from then on (schema 1.6), and the loss trend checks stay silent.
        self.adversarial = False
        # The loss's targets come from a copy of the model that moves with it (a DQN's target network): schema
        # 1.10 `movingTarget` from the step the copy was first seen to change.
        self.moving_target = False

    # ------------------------------------------------------------------------------------------ run

    @property
    def active(self):
        return self.started and not self.ended and not RUNTIME.failed

    @property
    def sampling(self):
        return self.active and self.step_sampled

    def start(self, model_summary, parameters, framework_version=None, early_stopping=None):
        """Emits run-start. `model_summary`: {layers, task?, loss?, lossExpects?, optimizer?};
        `early_stopping`: {monitor, patience?, restoresBest?} when the training stops itself early."""
        if self.started:
            return
        self.started = True
        for layer in model_summary.get("layers", []):
            self.layers[layer["name"]] = layer
        self.passed_through = passed_through(model_summary)
        for param in parameters:
            self.params[param.name] = param
        record = {
            "type": "run-start",
            "v": 1,
            "framework": self.framework,
            "backend": self.backend,
            "time": now_iso(),
            "config": {"samplingInterval": self.sampling_interval, "maxSampledValues": self.max_values},
            "model": model_summary,
            "producer": {"name": "nncheck-python", "version": PROBE_VERSION},
        }
        if self.budget is not None:
            record["config"]["samplingBudget"] = self.budget
        if framework_version:
            record["frameworkVersion"] = framework_version
        if early_stopping:
            record["earlyStopping"] = early_stopping
        RUNTIME.open_run(self)
        RUNTIME.emit(record)

    def end(self, status, reason=None):
        if not self.started or self.ended:
            return
        if self.step_open:
            self.guard("end", lambda: self._close_step(math.nan, {}, None, False))
        self.guard("end", self._emit_deferred)
        self.ended = True
        record = {"type": "run-end", "v": 1, "status": status, "steps": self.steps_recorded, "time": now_iso()}
        if reason:
            record["reason"] = reason
        RUNTIME.close_run(self, record)

    # ---------------------------------------------------------------------------------------- steps

    def begin_step(self, epoch, batch, sampled=None):
        """Opens the next step; returns whether its tensors are sampled. `sampled=False`: a step recorded
        after it ran (its tensors are gone), never sampled."""
        if not self.active:
            return False

        def body():
            if self.step_open:
                self._close_step(math.nan, {}, None, False)
            self.step_open = True
            self.step_epoch = epoch
            self.step_batch = batch
            self.step_start = time.perf_counter()
            if sampled is False:
                self.step_sampled = False
            else:
                self.step_sampled = self.force_sample or self.next_step >= self.next_sample
                self.force_sample = False
            if self.step_sampled:
                self._end_hook_cycle()
            self.entries = []
            self.outputs = {}
            self.gradient_squares = None

        self.guard("begin_step", body)
        return self.sampling

    def mark_adversarial(self):
        """Another optimizer steps in turn with this run's on a loss of its own: a game (schema 1.6)."""
        if not self.adversarial:
            self.adversarial = True
            warn_once("adversarial", "another optimizer steps in turn with the checked one, on a loss of its own (a GAN's other half, an actor's critic): its model is not followed, and the checked loss, one side of a game, is not judged for its trend (D502-D508)")

    def mark_moving_target(self):
        """The loss's targets come from a copy of the model that moves with it (schema 1.10)."""
        if not self.moving_target:
            self.moving_target = True
            warn_once("moving-target", "the loss's targets come from a copy of the model that no optimizer trains and that moves with it (a target network): the loss grows with what the model learns, and its trend is not judged (D502-D508)")

    def will_sample(self, step):
        """Whether step `step` will be sampled (the integrations prepare hooks a step ahead)."""
        return self.active and (self.force_sample or step >= self.next_sample)

    def records_output(self, layer):
        """Whether `layer`'s output is recorded: not a layer that passes its input through (see
        passed_through)."""
        return layer not in self.passed_through

    def observe_activation(self, layer, values, shape, activation="linear", dtype=None, non_finite=None):
        """`non_finite`: given when `values` already are the subsample of an output of `shape` (taken in the
        framework's graph), with that output's count of non-finite values."""
        if not self.sampling or self.activation_recorded(layer) or not self.records_output(layer):
            return  # a layer called twice in one step (shared) keeps its first output
        options = activation_stats_options(activation)
        if non_finite is not None:
            options["non_finite"] = non_finite
        self._add_output(layer, self._entry(layer, "activation", layer + "/output", shape, values, options, dtype))

    def _add_output(self, layer, entry):
        self.outputs[layer] = entry
        self.entries.append(entry)

    def activation_recorded(self, layer):
        """Whether `layer`'s output is recorded at this step (a layer called again in the step, as an RNN cell
        is at each time step, keeps its first output)."""
        return layer in self.outputs

    def repeat_activation(self, source, layer):
        """Records `layer`'s output with the statistics already taken at this step of `source`'s, when the two
        hold the same values (an activation module applied to a layer whose output was recorded with that
        activation applied). False when `source` has no record at this step."""
        recorded = self.outputs.get(source)
        if recorded is not None:
            self._add_output(layer, dict(recorded, layer=layer, name=layer + "/output"))
        return recorded is not None

    def observe_target(self, index, values, shape, dtype=None):
        if not self.sampling:
            return
        name = "target" if index == 0 else "target_%d" % index
        if any(e["role"] == "target" and e["name"] == name for e in self.entries):
            return
        self.entries.append(self._entry("", "target", name, shape, values, {}, dtype))

    def observe_gradients(self, gradients, weights_before=None):
        """[(param name, gradient)] the optimizer applies at this step; a gradient may come reduced where it
        lives (_stats.Reduced: only for a parameter without a penalty, whose gradient needs no split).
        `weights_before`: the parameters before the update by name, when the caller read them (the gradients
        are then read after it)."""
        if not self.sampling:
            return
        squares = [0.0, 0.0, False]
        for name, gradient in gradients:
            param = self.params.get(name)
            reduced = gradient if isinstance(gradient, _stats.Reduced) else None
            shape = param.shape if param else reduced.shape if reduced else _shape_of(gradient)
            first_look = param is not None and name not in self.previous
            weights = None
            if param is not None and (param.penalty or first_look):
                weights = weights_before[name] if weights_before and name in weights_before else param.read()
            layer, dtype = (param.layer, param.dtype) if param else ("", None)
            if reduced is not None:
                squares[0] += reduced.square_sum
                entry = self._entry(layer, "gradient", name, shape, reduced.kept, {"non_finite": reduced.non_finite}, dtype)
            else:
                finite = self._split(gradient, param, weights, squares)
                entry = self._entry(layer, "gradient", name, shape, gradient, {"finite": finite}, dtype, param.unit_axis if param else None)
            if param is not None:
                entry["parameter"] = param.parameter
                if param.parameter == "weights" and len(shape) >= 2 and param.unit_axis is not None:
                    # A unit whose kernel column is all zero passed no gradient (D305); sparse inputs zero
                    # whole rows instead, however alive the units are.
                    zeros = reduced.unit_zeros if reduced is not None else self.ops.unit_zero_fraction(gradient, shape, param.unit_axis)
                    if zeros is not None:
                        entry["stats"]["perUnit"] = dict(entry["stats"].get("perUnit") or {}, zeroFraction=_stats.written_units(zeros, "packed"))
                    axis = param.unit_axis % len(shape)
                    if axis != len(shape) - 1:
                        entry["unitAxis"] = axis
            self.entries.append(entry)
            if first_look and weights is not None:
                self.previous[name] = (self.next_step - 1, self._kept(param, weights))
        if squares[2]:
            self.gradient_squares = squares

    def observe_parameters_before(self):
        """Reads the parameters before this step's update that observe_gradients needs (those seen for the
        first time, whose subsample makes a one-step ΔW, and those with a penalty, whose regularisation
        gradient it splits off) and returns them by name. The others' ΔW runs from the last sampled step's
        values: reading them again would copy every weight once more per sample."""
        if not self.sampling:
            return None
        values = {}
        for name, param in self.params.items():
            if name in self.previous and not param.penalty:
                continue
            value = param.read()
            values[name] = value
            if name not in self.previous:
                self.previous[name] = (self.next_step - 1, self._kept(param, value))
        return values

    def observe_parameters_updated(self, reduced=None):
        """The parameters after this step's update. `reduced`: by name, those the framework reduced where they
        live (_stats.Reduced of subsample_in_graph); the others are read whole."""
        if not self.sampling:
            return
        for name, param in self.params.items():
            taken = reduced.get(name) if reduced else None
            if taken is not None:
                entry = self._entry(param.layer, param.parameter, name, param.shape, taken.kept, {"non_finite": taken.non_finite}, param.dtype)
                kept = _stats.Subsample(self.ops.host64(self.ops.flat(taken.kept)), math.prod(param.shape), tuple(param.shape))
            else:
                # One subsample for the statistics and for the next ΔW.
                moved, stats_shape = units_last(param.read(), param.shape, param.unit_axis)
                flat = self.ops.flat(moved)
                kept = self._kept_of(param, flat, stats_shape)
                entry = self._entry(param.layer, param.parameter, name, param.shape, kept.values, {"non_finite": self.ops.count_non_finite(flat)}, param.dtype, stats_shape=stats_shape)
            self.entries.append(entry)
            before = self.previous.get(name)
            if before is not None and before[1].values.shape[0] == kept.values.shape[0]:
                difference = kept.values - before[1].values
                update = self._entry(param.layer, "update", name, param.shape, difference, {"total_values": kept.total}, param.dtype)
                update["parameter"] = param.parameter
                update["updateSteps"] = self.next_step - before[0]
                self.entries.append(update)
            self.previous[name] = (self.next_step, kept)

    def end_step(self, loss, metrics=None, learning_rate=None, time_ms=None):
        """Closes the step with its loss; `time_ms`: its duration when it ran before it was recorded."""
        if not self.active or not self.step_open:
            return
        self.guard("end_step", lambda: self._close_step(loss, metrics or {}, learning_rate, True, time_ms))

    def end_step_without_loss(self):
        """Closes a step that ran but whose loss this probe cannot read: no step record (a NaN there would
        read as a diverged loss); its tensors are still written and it counts among the steps trained."""
        if not self.active or not self.step_open:
            return

        def body():
            self._close_step(math.nan, {}, None, False)
            self.steps_recorded = self.next_step

        self.guard("end_step", body)

    def end_epoch(self, epoch, loss, metrics=None, val_loss=None, val_metrics=None):
        if not self.active:
            return

        def body():
            self._emit_deferred()
            record = {"type": "epoch", "v": 1, "epoch": epoch, "step": self.next_step - 1, "metrics": metrics or {}}
            if loss is not None:
                record["loss"] = _number(loss)
            if val_loss is not None:
                record["valLoss"] = _number(val_loss)
                record["valMetrics"] = val_metrics or {}
            RUNTIME.emit(record)

        self.guard("end_epoch", body)

    # -------------------------------------------------------------------------------------- helpers

    def guard(self, where, body):
        """Runs probe code; a failure disables the probe (reported once) and never reaches the training."""
        if RUNTIME.failed:
            return None
        try:
            return self.timed(body)
        except Exception as error:  # noqa: BLE001 - the probe must never break the user's training
            RUNTIME.fail(error, where, self.next_step if self.step_open else max(0, self.next_step - 1), self.framework)
            return None

    def timed(self, body):
        """Runs probe code and counts its time as the probe's own (once: nested calls are not counted
        again). Integrations run their hooks through it, so self_time covers what runs outside guard."""
        if self._timing:
            return body()
        self._timing = True
        started = time.perf_counter()
        try:
            return body()
        finally:
            self.self_time += time.perf_counter() - started
            self._timing = False

    def _close_step(self, loss, metrics, learning_rate, loss_known, time_ms=None):
        self.step_open = False
        step = self.next_step
        self.next_step += 1
        if loss_known:
            time_ms = time_ms if time_ms is not None else (time.perf_counter() - self.step_start) * 1000.0
            # Records are written in batches where an integration reads losses (tensors) in batches; a loss
            # read already (a number) batches with them.
            lazy = self.read_losses is not None and loss is not None
            known = not lazy or isinstance(loss, (int, float))
            record = _step_record(step, self.step_epoch, self.step_batch, None if loss is None else _number(loss) if known else math.nan, metrics, time_ms, learning_rate, self.adversarial, self.moving_target)
            if self.step_sampled and self.gradient_squares is not None:
                record["gradientNorms"] = {"data": math.sqrt(self.gradient_squares[0]), "regularization": math.sqrt(self.gradient_squares[1])}
            if lazy:
                if not self.deferred:
                    self.deferred_since = time.monotonic()
                forced = known and not _finite(loss) and not self.step_sampled
                if forced:
                    self.force_sample = True
                # A loss known non-finite forced its sample now: its read does not force another.
                self.deferred.append((record, loss, self.step_sampled or forced))
                if self.step_sampled or len(self.deferred) >= DEFER_STEPS or time.monotonic() - self.deferred_since > DEFER_SECONDS:
                    self._emit_deferred()
            else:
                self._emit_deferred()
                RUNTIME.emit(record)
                if loss is not None and not _finite(loss) and not self.step_sampled:
                    self.force_sample = True
            self.steps_recorded = step + 1
            self._time_step(time_ms)
        if self.step_sampled:
            self.samples_taken += 1
            if self._fit_interval():
                self.next_sample = step + self.sampling_interval
            else:
                self.next_sample = (step // self.sampling_interval + 1) * self.sampling_interval
        if self.step_sampled and self.entries:
            written = time.perf_counter()
            RUNTIME.emit({"type": "tensors", "v": 1, "step": step, "tensors": self.entries})
            if self.cycle is not None and loss_known:
                # Encoding the statistics is part of what the sample costs (the step's time ended before).
                self.cycle[0] += (time.perf_counter() - written) * 1000.0
        self.entries = []
        self.outputs = {}
        self.step_sampled = False

    def record_steps_run(self, steps):
        """Steps that ran unsampled and are recorded after they ran, in one call: [(epoch, batch, loss,
        metrics, learning rate, time in ms)] (Keras's plain training function, whose losses are read in
        batches). As begin_step(sampled=False) and end_step for each, without their per-step calls."""
        if not self.active or not steps:
            return

        def body():
            if self.step_open:
                self._close_step(math.nan, {}, None, False)
            self._emit_deferred()
            records = []
            for epoch, batch, loss, metrics, learning_rate, time_ms in steps:
                record = _step_record(self.next_step, epoch, batch, None if loss is None else _number(loss), metrics, time_ms, learning_rate, self.adversarial, self.moving_target)
                self.next_step += 1
                records.append(record)
                if loss is not None and not _finite(record["loss"]):
                    self.force_sample = True
                self._time_step(time_ms)
            self.steps_recorded = self.next_step
            RUNTIME.emit_steps(records)

        self.guard("steps", body)

    def _emit_deferred(self):
        """Reads the deferred losses at once and writes their step records, in order."""
        if not self.deferred:
            return
        pending = self.deferred
        self.deferred = []
        values = self.read_losses([loss for _, loss, _ in pending])
        for (record, _, sampled), value in zip(pending, values):
            record["loss"] = _number(value)
            if not _finite(record["loss"]) and not sampled:
                # Read late: the next step to begin is sampled, not the one after the non-finite loss.
                self.force_sample = True
        RUNTIME.emit_steps([record for record, _, _ in pending])

    def _time_step(self, time_ms):
        if self.budget is None or not _finite(time_ms):
            return
        if not self.step_sampled:
            _keep_recent(self.unsampled_ms, time_ms, _RECENT_UNSAMPLED)
            if self.cycle is not None:
                self.cycle[0] += time_ms
                self.cycle[1] += 1
            # From the first unsampled step's close (the sample's records are behind it) to the next sampled
            # step's start (its own work is the sample's).
            if self.hook_cycle is None:
                self.hook_cycle = [self.self_time, 0]
            else:
                self.hook_cycle[1] += 1
            return
        # The first sample also pays for first reads and traces: its cycle is not counted.
        if self.cycle is not None and self.samples_taken >= 1 and self.unsampled_ms:
            extra = self.cycle[0] - self.cycle[1] * _median(self.unsampled_ms)
            _keep_recent(self.cycle_extra_ms, extra, _RECENT_SAMPLED)
        self.cycle = [time_ms, 1]

    def _end_hook_cycle(self):
        if self.hook_cycle is not None and self.hook_cycle[1] > 0:
            _keep_recent(self.hook_ms, (self.self_time - self.hook_cycle[0]) * 1000.0 / self.hook_cycle[1], _RECENT_SAMPLED)
        self.hook_cycle = None

    def _fit_interval(self):
        """The interval that keeps the probe within the budget: a sample's extra time spread over n steps at
        most what the hooks leave of budget × n steps' time. True when the budget sets the interval (the
        next sample is then counted from this one, not on a grid of steps)."""
        if self.budget is None or self.samples_taken < BUDGET_WARMUP_SAMPLES:
            return False
        if len(self.cycle_extra_ms) < 3 or len(self.unsampled_ms) < 8:
            return False
        step_ms = _median(self.unsampled_ms)
        if not step_ms > 0:
            return False
        extra = _median(self.cycle_extra_ms)
        budget_ms = self.budget * step_ms
        hooks_ms = _median(self.hook_ms) if self.hook_ms else 0.0
        for_samples = max(budget_ms - hooks_ms, MIN_SAMPLE_SHARE * budget_ms)
        # (less a rounding error: measured times in floating point must not add a step)
        wanted = math.ceil(extra / for_samples - 1e-6) if extra > 0 else 1
        ramp = max(self.base_interval, self.next_step - 1)
        self.sampling_interval = int(min(MAX_BUDGETED_INTERVAL, ramp, max(self.base_interval, wanted)))
        return True

    def _entry(self, layer, role, name, shape, values, options, dtype=None, unit_axis=None, stats_shape=None):
        """`unit_axis`: a kernel's axis of units when it is not the last (PyTorch's output channels first):
        the statistics read the kernel with its units last, so that a subsample keeps every unit.
        `stats_shape`: the shape with its units last, when `values` already is its subsample (see _kept)."""
        shape = [int(d) for d in shape]
        if stats_shape is None:
            stats_values, stats_shape = units_last(values, shape, unit_axis)
        else:
            stats_values = values
        stats = _stats.compute_stats(
            stats_values,
            stats_shape,
            ops=self.ops,
            max_values=self.max_values,
            per_unit=options.get("per_unit", False),
            saturation_range=options.get("saturation_range"),
            row_sums=options.get("row_sums", False),
            total_values=options.get("total_values"),
            non_finite=options.get("non_finite"),
            finite=options.get("finite", False),
            units_as="packed",
        )
        entry = {"layer": layer, "role": role, "name": name, "shape": shape, "stats": stats}
        if dtype:
            entry["dtype"] = dtype
        return entry

    def _kept(self, param, values):
        """The subsample of a parameter's values kept to compute its ΔW later, read as _entry reads it."""
        return self._kept_of(param, *units_last(values, param.shape, param.unit_axis))

    def _kept_of(self, param, moved, shape):
        """_kept of the parameter's values with its units moved last (`shape`)."""
        kept = _stats.host_subsample(self.ops, moved, shape, self.max_values)
        kept.shape = tuple(param.shape)
        return kept

    def _split(self, gradient, param, weights, squares):
        """Adds the squared norms of the data and regularisation parts of a gradient (D304), the
        regularisation part known in closed form from the weights: no extra backward pass. Returns whether
        the sum was finite, which tells that every value of the gradient is (no second pass to count them)."""
        penalty = param.penalty if param is not None else None
        if penalty is None or weights is None:
            data = self.ops.sum_squares(gradient)
            squares[0] += data
            return math.isfinite(data)
        squares[2] = True
        data, regularization = self.ops.split_squares(gradient, weights, penalty)
        squares[0] += data
        squares[1] += regularization
        # A finite data part means a finite gradient (an infinite or NaN value would make it infinite or NaN).
        return math.isfinite(data)


# How programs that build their layers by hand name a bias: b, b1, b_h (Dive into Deep Learning's MLPs and
# RNNs from scratch, tutorials' `w, b`).
_HAND_BIAS = re.compile(r"^b(\d+|_[A-Za-z0-9]+)?$")


def tag_pass(passes, source, iterator):
    """Marks `iterator` as pass n over `source` (a DataLoader, a tf.data dataset), counted in `passes` (a
    WeakKeyDictionary): a step whose batch comes from a new pass over its epoch's source opens an epoch."""
    count = passes.get(source, 0) + 1
    passes[source] = count
    iterator._nncheck_source = (weakref.ref(source), count)


def parameter_role(name, shape=None):
    """"bias" or "weights" for a parameter named `name` (its last component): bias, bias_ih_l0 (an LSTM's),
    in_proj_bias (nn.MultiheadAttention's, zero at first by design, not a dead kernel), and a vector (`shape`
    of rank 1, when known) named as a bias is by hand (b, b2, b_h; not the scalar b of a fitted polynomial): a
    bias starts at zero, so its relative updates and its zeros mean nothing of a kernel's."""
    if name.startswith("bias") or name.endswith("_bias"):
        return "bias"
    if _HAND_BIAS.match(name) and shape is not None:
        try:
            if len(shape) == 1:
                return "bias"
        except (TypeError, ValueError):  # a TensorShape of unknown rank
            pass
    return "weights"


def units_last(values, shape, unit_axis):
    """(values, shape) with the axis of units moved last, as the statistics' subsample expects it (it keeps
    whole rows of units): a PyTorch Linear kernel [out, in] whose subsample of rows kept 5 of 64 output
    units read as vanishing and untrained when those 5 were dead. A view, not a copy."""
    rank = len(shape)
    if unit_axis is None or rank < 2 or unit_axis % rank == rank - 1:
        return values, shape
    axis = unit_axis % rank
    moved_shape = [d for i, d in enumerate(shape) if i != axis] + [shape[axis]]
    if hasattr(values, "movedim"):
        return values.movedim(axis, -1), moved_shape
    try:
        import numpy as np
    except ImportError:
        return values, shape
    return np.moveaxis(np.asarray(values).reshape(shape), axis, -1), moved_shape


def passed_through(model_summary):
    """The layers whose outputs are not recorded: dropout, flatten and reshape layers that apply no activation
    (the canonical vocabulary's value-preserving kinds) and are not the model's output. Their values are their
    input's, up to dropout noise and layout, so the checks learn nothing from them (none judges a layer that
    neither learns nor activates) and a sample spends a tenth of its time on them in an MLP with dropout. A
    PyTorch dropout followed by F.relu is recorded with the ReLU applied, and stays."""
    from ._vocabulary import value_preserving

    layers = model_summary.get("layers", [])
    outputs = set(model_summary.get("outputs") or ([layers[-1]["name"]] if layers else []))
    return frozenset(
        layer["name"]
        for layer in layers
        if value_preserving(layer.get("kind")) and layer.get("activation", "linear") in (None, "linear") and layer["name"] not in outputs
    )


def activation_stats_options(activation):
    """Which extra statistics an activation of this kind needs (from the shared vocabulary)."""
    from ._vocabulary import VOCABULARY

    facts = VOCABULARY["activations"]["facts"].get(activation, {})
    options = {"per_unit": True}
    if "saturationRange" in facts:
        options["saturation_range"] = facts["saturationRange"]
    if facts.get("distribution"):
        options["row_sums"] = True
    return options


def _step_record(step, epoch, batch, loss, metrics, time_ms, learning_rate, adversarial=False, moving_target=False):
    """A step record; `loss` None: the probe cannot know it, and the record says so by leaving it out
    (schema 1.4; a NaN there would read as a diverged loss). `adversarial`: schema 1.6; `moving_target`: 1.10."""
    record = {"type": "step", "v": 1, "step": step, "epoch": epoch, "batch": batch}
    if loss is not None:
        record["loss"] = loss
    record["metrics"] = metrics
    record["timeMs"] = time_ms
    if learning_rate is not None:
        record["learningRate"] = learning_rate
    if adversarial:
        record["adversarial"] = True
    if moving_target:
        record["movingTarget"] = True
    return record


def _keep_recent(values, value, size):
    if _finite(value):
        values.append(value)
        if len(values) > size:
            del values[0]


def _median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2.0


def _finite(x):
    return isinstance(x, (int, float)) and not math.isnan(x) and not math.isinf(x)


def _number(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return math.nan


def _shape_of(tensor):
    return [int(d) for d in getattr(tensor, "shape", ())]
