"""Telemetry v1 as JSON lines (docs/telemetry.md), and where the lines go.

JSON has no NaN or Infinity, yet a diverging run is exactly when they appear: non-finite numbers are
written as the strings "NaN", "Infinity", "-Infinity".

Sinks: a descriptor `nncheck watch` passes (a pipe it reads live), or a file. Step records are written in
batches (up to BATCH_RECORDS lines or BATCH_SECONDS), every other record at once: a crash loses at most
the last quarter second of steps' losses, never a tensors record, a finding or a run-end.
"""

import json
import math
import os
import time

TELEMETRY_VERSION = 1
# A write (and the descriptor's check before it) cost 50-70 µs on the bench machine: per 32 lines, 2 µs of a 1 ms step.
BATCH_RECORDS = 256
BATCH_SECONDS = 0.25


def encode_value(value):
    """A record with its non-finite floats spelled as strings (and tuples as lists)."""
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (math.inf, -math.inf):
            return "Infinity" if value > 0 else "-Infinity"
        return value
    if isinstance(value, dict):
        return {k: encode_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode_value(v) for v in value]
    return value


# One encoder for every line: json.dumps with options builds a new one per call (microseconds a step).
_ENCODER = json.JSONEncoder(separators=(",", ":"), allow_nan=False)


def encode_line(record):
    """One record as one line of JSON, newline included."""
    try:
        # Most records hold only finite numbers: encoded as they are, without a walk through every value.
        return _ENCODER.encode(record) + "\n"
    except ValueError:
        return _ENCODER.encode(encode_value(record)) + "\n"


class _BufferedSink:
    """Batches step lines; writes everything else at once, after what is pending."""

    def __init__(self):
        self._pending = []
        self._last_flush = time.monotonic()
        self._pid = os.getpid()
        self.closed = False

    def write(self, record):
        if self.closed or os.getpid() != self._pid:
            # A forked child (a data-loader worker) shares the descriptor but not the run.
            return
        self._pending.append(encode_line(record))
        if record.get("type") != "step" or len(self._pending) >= BATCH_RECORDS or time.monotonic() - self._last_flush > BATCH_SECONDS:
            self.flush()

    def write_steps(self, records):
        """Step records of several steps at once (one check of the process and of the batch's age)."""
        if self.closed or os.getpid() != self._pid:
            return
        self._pending.extend(encode_line(record) for record in records)
        if len(self._pending) >= BATCH_RECORDS or time.monotonic() - self._last_flush > BATCH_SECONDS:
            self.flush()

    def flush(self):
        if not self._pending or self.closed or os.getpid() != self._pid:
            return
        data = "".join(self._pending).encode("utf-8")
        self._pending = []
        self._last_flush = time.monotonic()
        self._write_bytes(data)

    def adopt(self):
        """Writes from this process from now on: a forked child that claimed the telemetry for a training of
        its own (see _children), without what its parent had pending."""
        if self._pid != os.getpid():
            self._pending = []
            self._pid = os.getpid()

    def close(self):
        if self.closed:
            return
        try:
            self.flush()
        finally:
            self.closed = True
            self._close()

    def _write_bytes(self, data):
        raise NotImplementedError

    def _close(self):
        pass


class FdSink(_BufferedSink):
    """A descriptor inherited from `nncheck watch` (the write end of its telemetry pipe).

    The descriptor is duplicated to a private number at once and the inherited one closed, so the program
    can neither write into it by accident nor hand it to the processes it starts.
    """

    def __init__(self, fd):
        super().__init__()
        self._fd = os.dup(fd)
        os.set_inheritable(self._fd, False)
        try:
            os.close(fd)
        except OSError:
            pass
        info = os.fstat(self._fd)
        self._identity = (info.st_dev, info.st_ino)

    @property
    def fd(self):
        return self._fd

    def _write_bytes(self, data):
        info = os.fstat(self._fd)
        if (info.st_dev, info.st_ino) != self._identity:
            # The program closed our descriptor and reused its number: never write into its file.
            self.closed = True
            raise OSError("the telemetry descriptor was closed by the program")
        view = memoryview(data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]

    def _close(self):
        try:
            os.close(self._fd)
        except OSError:
            pass


class FileSink(_BufferedSink):
    """A trace file, truncated when opened (as the TF.js callback's `trace` option)."""

    def __init__(self, path, append=False):
        super().__init__()
        self.path = path
        self._file = open(path, "ab" if append else "wb", buffering=0)

    def _write_bytes(self, data):
        self._file.write(data)

    def _close(self):
        self._file.close()


class ListSink:
    """Keeps records in memory (tests, and programs that read their own telemetry)."""

    def __init__(self):
        self.records = []
        self.closed = False

    def write(self, record):
        self.records.append(json.loads(encode_line(record)))

    def write_steps(self, records):
        for record in records:
            self.write(record)

    def flush(self):
        pass

    def close(self):
        self.closed = True
