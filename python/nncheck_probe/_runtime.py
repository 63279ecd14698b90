"""The probe's process-wide state: where records go, the sampling interval, the back channel from
`nncheck watch` (a request to stop training), the open runs, and whether the probe failed.

A probe that fails reports it once (a `finding` record with the code nncheck-internal-error, name
probe-failed, which watch and check-trace report so a partly checked run is never called clean), warns on
stderr, and disables itself: every hook then passes straight through and training goes on.
"""

import atexit
import os
import select
import sys
import threading
import time
import traceback

from . import _children
from ._records import FdSink, FileSink

TELEMETRY_FD_ENV = "NNCHECK_TELEMETRY_FD"
CONTROL_FD_ENV = "NNCHECK_CONTROL_FD"
SAMPLING_ENV = "NNCHECK_WATCH_SAMPLING"
TRACE_ENV = "NNCHECK_PROBE_TRACE"

INTERNAL_ERROR_CODE = "nncheck-internal-error"


class TrainingStopped(SystemExit):
    """Raised out of an optimizer step when `nncheck watch --fail-on` asked to stop a training loop that
    has no flag of its own to stop by (PyTorch and TensorFlow custom loops). A SystemExit, so the
    program's `except Exception` handlers let it through; Keras `fit` is stopped by its own flag instead."""


class Runtime:
    def __init__(self):
        self.sinks = []
        self.sampling_interval = None
        self.failed = False
        # Keras fits running now: on Keras's torch backend the PyTorch probe stays out of their torch steps.
        self.keras_fits = 0
        self.failure = None
        self.stop_reason = None
        self.runs = []
        # Called with (status, reason) when open runs end: integrations end what they follow.
        self.end_hooks = []
        self._control_thread = None
        self._exit_hooked = False
        self._pending_exception = None
        self._lock = threading.Lock()
        # Connected to watch: the telemetry pipe's identity, the back channel's private descriptor, and whether
        # this process holds the telemetry now (see _children).
        self._identity = None
        self._control_fd = None
        self._claimed = False
        self._claim = None
        # A forked child (see _after_fork), and whether its end is hooked to multiprocessing's.
        self._forked = False
        self._finalizer_set = False

    # -------------------------------------------------------------------------------------- set-up

    def configure_from_env(self, env=None):
        """Reads the watch connection (or a trace file) from the environment. True when connected."""
        env = os.environ if env is None else env
        sampling = env.get(SAMPLING_ENV)
        if sampling and sampling.isdigit() and int(sampling) > 0:
            self.sampling_interval = int(sampling)
        fd = env.get(TELEMETRY_FD_ENV)
        if fd and fd.isdigit():
            expected = env.get(_children.TELEMETRY_ID_ENV)
            try:
                if expected is not None and _children.identity_of(int(fd)) != expected:
                    raise OSError("another file has its number here")
                sink = FdSink(int(fd))
            except OSError as error:
                if expected is not None:
                    # A process the watched program started without watch's descriptor (os.system, say).
                    warn("this process (pid %d), started by the watched program, has no connection to nncheck watch; its training is not checked" % os.getpid())
                else:
                    warn("cannot use the telemetry descriptor %s (%s); training continues unchecked" % (fd, error))
                return False
            self.sinks.append(sink)
            control = env.get(CONTROL_FD_ENV)
            self._control_fd = self._private(int(control)) if control and control.isdigit() else None
            self._identity = _children.identity_of(sink.fd)
            _children.share(env, sink.fd, self._control_fd, self._identity, (TELEMETRY_FD_ENV, CONTROL_FD_ENV))
            if hasattr(os, "register_at_fork"):
                os.register_at_fork(after_in_child=self._after_fork)
        elif env.get(TRACE_ENV):
            self.sinks.append(FileSink(env[TRACE_ENV]))
        if self.sinks:
            self.hook_exit()
        return bool(self.sinks)

    def add_sink(self, sink):
        self.sinks.append(sink)
        self.hook_exit()

    def remove_sink(self, sink):
        if sink in self.sinks:
            sink.close()
            self.sinks.remove(sink)

    @property
    def connected(self):
        return bool(self.sinks)

    def hook_exit(self):
        """Ends open runs when the program exits: completed, interrupted (Ctrl-C) or crashed."""
        if self._exit_hooked:
            return
        self._exit_hooked = True
        previous = sys.excepthook

        def excepthook(kind, value, tb):
            self._pending_exception = value
            previous(kind, value, tb)

        sys.excepthook = excepthook
        atexit.register(self.shutdown)

    @staticmethod
    def _private(fd):
        """A descriptor duplicated to a private number (not inherited), the given one closed."""
        try:
            private = os.dup(fd)
        except OSError:
            return None
        os.set_inheritable(private, False)
        try:
            os.close(fd)
        except OSError:
            pass
        return private

    def _listen(self, control):
        """The back channel: `stop\\t<reason>` lines from watch; read on a daemon thread, by the process that
        holds the telemetry (see _children: another one reading would take its stop requests)."""
        pid = os.getpid()

        def read():
            buffer = b""
            while True:
                try:
                    # Read only while this process holds the telemetry: a released one leaves the requests to
                    # the process that trains next.
                    ready = select.select([control], [], [], 0.5)[0]
                    if not ready or not self._claimed:
                        if ready:
                            time.sleep(0.1)
                        continue
                    chunk = os.read(control, 4096)
                except (OSError, ValueError):
                    return
                if not chunk or os.getpid() != pid:
                    return
                buffer += chunk
                while b"\n" in buffer:
                    line, buffer = buffer.split(b"\n", 1)
                    command, _, reason = line.decode("utf-8", "replace").partition("\t")
                    if command == "stop" and self.stop_reason is None:
                        self.stop_reason = reason or "nncheck asked to stop training"

        self._control_thread = threading.Thread(target=read, name="nncheck-control", daemon=True)
        self._control_thread.start()

    # ---------------------------------------------------------------------------------------- runs

    def emit(self, record):
        for sink in self.sinks:
            sink.write(record)

    def emit_steps(self, records):
        """Step records, in order (written as `emit` would, in fewer calls)."""
        if records:
            for sink in self.sinks:
                sink.write_steps(records)

    def open_run(self, run):
        """Before a run's first record. Connected to watch, the process claims the telemetry first (see
        _children); a process that cannot (another one is training, or its rank is not 0) says why and stays
        out of the way: it is no longer connected, and every hook passes straight through."""
        if self._identity is not None and not self._claimed:
            refused, self._claim = _children.claim(self._identity)
            if refused is not None:
                warn("not checked in this process (pid %d): %s" % (os.getpid(), refused))
                for sink in self.sinks:
                    sink.close()
                self.sinks = []
                _children.forget(os.environ, (TELEMETRY_FD_ENV, CONTROL_FD_ENV))
                return
            self._claimed = True
            for sink in self.sinks:
                adopt = getattr(sink, "adopt", None)
                if adopt is not None:
                    adopt()
            if self._control_fd is not None and self._control_thread is None:
                self._listen(self._control_fd)
            if self._forked:
                self._finish_with_process()
        self.runs.append(run)

    def close_run(self, run, record):
        if run in self.runs:
            self.runs.remove(run)
        try:
            self.emit(record)
            self.flush()
        except Exception as error:  # noqa: BLE001
            self.fail(error, "run-end", record.get("steps", 0), run.framework)
        self._release()

    def _after_fork(self):
        """In a forked child (a data-loader worker, a Hogwild trainer): its parent's runs and claim are not its
        own, nor is the back channel's thread; a training of its own claims the telemetry anew."""
        self._claimed = False
        # The parent's lock, shared through the fork: closed here, it stays the parent's.
        if self._claim is not None:
            try:
                os.close(self._claim)
            except OSError:
                pass
            self._claim = None
        self.runs = []
        self._control_thread = None
        self._forked = True

    def _finish_with_process(self):
        """A forked child's trainings end with it: multiprocessing ends its processes by os._exit, where no
        atexit handler runs, after its own finalizers."""
        if self._finalizer_set:
            return
        self._finalizer_set = True
        process = sys.modules.get("multiprocessing.util")
        if process is not None:
            process.Finalize(None, self.shutdown, exitpriority=100)

    def _release(self):
        """Gives the telemetry back once no run of this process is open: a later process may train."""
        if self._claimed and not self.runs:
            self._claimed = False
            claim, self._claim = self._claim, None
            _children.release(claim)

    def flush(self):
        for sink in self.sinks:
            try:
                sink.flush()
            except Exception:  # noqa: BLE001 - reported by the write that fails next
                pass

    def end_open_runs(self, status, reason=None):
        for hook in list(self.end_hooks):
            try:
                hook(status, reason)
            except Exception as error:  # noqa: BLE001
                self.fail(error, "run-end", 0, "python")
        for run in list(self.runs):
            run.end(status, reason)

    def shutdown(self):
        """At exit: open runs end (stopped when interrupted, crashed on an exception), sinks flush."""
        error = self._pending_exception
        if isinstance(error, KeyboardInterrupt):
            self.end_open_runs("stopped", "interrupted (SIGINT)")
        elif isinstance(error, TrainingStopped):
            self.end_open_runs("stopped", self.stop_reason)
        elif error is not None and not isinstance(error, SystemExit):
            self.end_open_runs("crashed", "%s: %s" % (type(error).__name__, error))
        else:
            self.end_open_runs("completed")
        for sink in self.sinks:
            try:
                sink.close()
            except Exception:  # noqa: BLE001
                pass
        self._release()
        if self._identity is not None:
            _children.forget(os.environ, (TELEMETRY_FD_ENV, CONTROL_FD_ENV))

    # ------------------------------------------------------------------------------------- failure

    def fail(self, error, where, step, framework):
        """Disables the probe after a failure of its own, leaving the failure in the telemetry."""
        with self._lock:
            if self.failed:
                return
            self.failed = True
            self.failure = error
        name = {"keras": "Keras", "tensorflow": "TensorFlow", "pytorch": "PyTorch"}.get(framework, framework)
        message = "the %s probe failed in %s at step %d and was disabled; training went on unchecked: %s" % (name, where, step, _describe(error))
        warn("the %s probe failed in %s and is now disabled; training continues. %s" % (name, where, _describe(error)))
        if os.environ.get("NNCHECK_PROBE_DEBUG"):
            traceback.print_exception(type(error), error, error.__traceback__)
        finding = {
            "code": INTERNAL_ERROR_CODE,
            "name": "probe-failed",
            "severity": "warning",
            "message": message,
            "steps": {"first": step, "last": step, "count": 1},
        }
        for sink in self.sinks:
            try:
                sink.write({"type": "finding", "v": 1, "finding": finding})
                sink.flush()
            except Exception:  # noqa: BLE001 - the sink may be what failed
                pass

    def reset(self):
        """Forgets a failure and a stop request (tests, and a new session)."""
        self.failed = False
        self.failure = None
        self.stop_reason = None


def _describe(error):
    text = str(error)
    return "%s: %s" % (type(error).__name__, text) if text else type(error).__name__


_WARNED = set()


def warn_once(key, text):
    """One line on stderr per kind of limit met (e.g. a step the probe cannot observe)."""
    if key not in _WARNED:
        _WARNED.add(key)
        warn(text)


def warn(text):
    """One line on stderr, prefixed; never raises."""
    try:
        sys.stderr.write("nncheck: %s\n" % text)
        sys.stderr.flush()
    except Exception:  # noqa: BLE001
        pass


RUNTIME = Runtime()
