#!/usr/bin/env python3
"""The oracle's worker: runs Python programs with real Keras 3, without training, and records their models.

One long-lived process serves many programs (importing TensorFlow costs seconds). Protocol: one JSON request
per line on standard input, `{"program": "<path of a temporary copy>", "root": "<its copy root>",
"timeout": <seconds>}`; one JSON result per line on standard output. The first line out is
`{"ready": true, "tensorflow": "...", "keras": "..."}`. Each program runs in a fresh namespace after
`keras.backend.clear_session()`, with a time limit; what it prints goes nowhere; a failure of one program
is reported in its result and never stops the worker.

Run by `npm run oracle` (bench/oracle.js); see bench/README.md.
"""
import builtins
import gc
import io
import json
import os
import random
import re
import signal
import sys
import time
import traceback
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ["CUDA_VISIBLE_DEVICES"] = ""
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

import oracle_patches as patches  # noqa: E402
from oracle_datasets import SMALL, DatasetFakes  # noqa: E402
from oracle_record import ProgramFiles, Recorder, jsonable  # noqa: E402
from oracle_unknown import UNKNOWN_ORIGINS, NotBuildable, ProgramTimeout  # noqa: E402

#: Keyword arguments that only Keras 1 or 2 knew (a TypeError naming one means an older-Keras program).
OLD_KERAS_ARGUMENTS = {
    "nb_epoch", "nb_filter", "nb_row", "nb_col", "border_mode", "subsample", "init", "W_regularizer",
    "b_regularizer", "W_constraint", "b_constraint", "dim_ordering", "output_dim", "samples_per_epoch",
    "nb_val_samples", "nb_worker", "pool_length", "filter_length", "subsample_length", "p", "mode",
    "consume_less", "dropout_W", "dropout_U", "inner_init", "inner_activation", "forget_bias_init",
    "sample_weight_mode", "input_dtype", "class_mode", "show_accuracy", "nb_val_worker",
}


def reset_keras():
    keras.backend.clear_session()
    keras.config.set_image_data_format("channels_last")
    keras.config.set_floatx("float32")
    keras.config.set_epsilon(1e-7)
    keras.config.set_dtype_policy("float32")
    tf.compat.v1.enable_v2_tensorshape()
    tf.config.run_functions_eagerly(False)
    np.random.seed(0)
    random.seed(0)
    tf.random.set_seed(0)


def program_line(error, files):
    """The last line of the program the traceback passes through."""
    line = None
    for frame, lineno in traceback.walk_tb(error.__traceback__):
        if files.owns(frame.f_code.co_filename):
            line = lineno
    return line


def classify(error, files):
    """(category, reason) of an exception that stopped a program."""
    # Keras formats some messages for a terminal: drop the colour codes and the line breaks.
    text = " ".join(re.sub(r"\x1b\[[0-9;]*m", "", f"{type(error).__name__}: {error}").split())
    if len(text) > 400:
        text = text[:400] + "..."
    line = program_line(error, files)
    where = f" (line {line})" if line is not None else ""
    if isinstance(error, ImportError):
        name = getattr(error, "name", None) or ""
        match = re.search(r"cannot import name '(\w+)' from '([\w.]+)'", str(error))
        if match:
            name = f"{match.group(2)}.{match.group(1)}"
        if name.startswith("keras") or name.startswith("tensorflow.keras") or name.startswith("tensorflow.python.keras"):
            return "keras1-2-api", f"imports {name}, which Keras 3 does not have{where}"
        if name.startswith("tensorflow"):
            return "tf1-api", f"imports {name}, which TensorFlow 2 does not have{where}"
        return "missing-module", f"needs the module {name or text}{where}"
    message = str(error)
    if isinstance(error, AttributeError):
        if re.search(r"module 'tensorflow[\w.]*' has no attribute", message):
            return "tf1-api", f"{text}{where}"
        if re.search(r"module 'keras[\w.]*' has no attribute", message):
            return "keras1-2-api", f"{text}{where}"
        if re.search(r"'(Sequential|Functional|Model)' object has no attribute", message):
            return "keras1-2-api", f"a model method Keras 3 does not have: {text}{where}"
    if "eager execution" in message or "placeholder" in message:
        return "tf1-api", f"{text}{where}"
    if isinstance(error, (TypeError, ValueError)):
        named = set(re.findall(r"'(\w+)'", message))
        if "Unrecognized keyword arguments" in message or (named & OLD_KERAS_ARGUMENTS and ("keyword" in message or "not recognized" in message)):
            return "keras1-2-api", f"{text}{where}"
    if "<unknown:" in message:
        return "file-data", f"{text}{where}"
    return "error", f"{text}{where}"


def program_functions(code):
    """The code objects of the functions (and classes, comprehensions...) a compiled program defines."""
    found = []
    for const in code.co_consts:
        if hasattr(const, "co_lines"):
            found.append(const)
            found.extend(program_functions(const))
    return found


def line_range(code):
    lines = [line for _start, _end, line in code.co_lines() if line is not None]
    return [code.co_firstlineno, max(lines, default=code.co_firstlineno)]


def run_once(path, root, mode, timeout):
    with open(path, encoding="utf-8", errors="replace") as handle:
        source = handle.read()
    try:
        code = compile(source, path, "exec")
    except SyntaxError as error:
        return {"status": "not-buildable", "category": "syntax", "reason": f"not Python 3: {error.msg} (line {error.lineno})", "models": []}

    files = ProgramFiles(root)
    recorder = Recorder(files)
    fakes = DatasetFakes(mode)
    run = patches.Run(files, recorder, fakes)
    reset_keras()
    UNKNOWN_ORIGINS.clear()
    namespace = {"__name__": "__main__", "__file__": path, "__builtins__": builtins}
    saved = (os.getcwd(), list(sys.path), list(sys.argv), sys.stdout, sys.stderr, sys.stdin, set(sys.modules))
    sink = open(os.devnull, "w")
    outcome = None
    suspect_small_data = False

    def on_alarm(_signum, _frame):
        raise ProgramTimeout()

    # Which of the program's functions run: a model built in one that never runs was never built by Keras.
    functions = set(program_functions(code))
    ran = set()

    def trace_calls(frame, event, _arg):
        if frame.f_code in functions:
            ran.add(frame.f_code)
        return None

    try:
        os.chdir(os.path.dirname(path))
        sys.path.insert(0, os.path.dirname(path))
        sys.argv = [path]
        sys.stdout = sys.stderr = sink
        sys.stdin = io.StringIO("")
        patches.set_run(run)
        signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
        sys.settrace(trace_calls)
        exec(code, namespace)
    except SystemExit as error:
        if error.code not in (None, 0):
            outcome = ("error", f"exits with status {error.code} (command-line arguments?)")
    except NotBuildable as error:
        outcome = (error.category, error.reason)
    except ProgramTimeout:
        outcome = ("timeout", f"runs longer than {timeout} s")
    except BaseException as error:  # noqa: BLE001  (any failure of the program is its result)
        outcome = classify(error, files)
        # An error outside Keras (numpy, the program's own indexing) may come from the small stand-in arrays.
        suspect_small_data = not any("/keras/" in frame.f_code.co_filename for frame, _ in traceback.walk_tb(error.__traceback__))
    finally:
        sys.settrace(None)
        signal.setitimer(signal.ITIMER_REAL, 0)
        patches.set_run(None)
        cwd, path_list, argv, stdout, stderr, stdin, modules = saved
        os.chdir(cwd)
        sys.path[:] = path_list
        sys.argv = argv
        sys.stdout, sys.stderr, sys.stdin = stdout, stderr, stdin
        sink.close()
        for name in set(sys.modules) - modules:
            module_file = getattr(sys.modules[name], "__file__", None) or ""
            if files.owns(module_file):
                del sys.modules[name]

    try:
        models = recorder.results(outcome is None, namespace)
    except BaseException as error:  # noqa: BLE001
        models = []
        outcome = outcome or ("error", f"recording failed: {type(error).__name__}: {error}")
    if outcome is None:
        status, category, reason = ("built" if models else "no-model"), None, None
        if not models:
            category, reason = "no-model", "runs to the end without building a Keras model"
    else:
        category, reason = outcome
        status = "partial" if models else "not-buildable"
    result = {
        "status": status,
        "category": category,
        "reason": reason,
        "mode": mode,
        "datasets": sorted(set(fakes.used)),
        "unknownSources": sorted(UNKNOWN_ORIGINS),
        "notes": run.notes,
        "models": jsonable(models),
        # Line ranges of the program's functions that never ran (as far as the program got).
        "notRun": sorted(line_range(f) for f in functions - ran if f.co_name != "<lambda>" and not f.co_name.startswith("<")),
        "retry": suspect_small_data and bool(fakes.used) and mode == "small",
    }
    namespace.clear()
    reset_keras()
    gc.collect()
    return result


def shapes_contain(models, sizes):
    """Whether any recorded shape has one of these dimensions."""
    for model in models:
        shapes = list(model.get("inputs") or [])
        for layer in model["layers"]:
            shapes += layer.get("outputShapes") or []
        if any(dim in sizes for shape in shapes if shape for dim in shape):
            return True
    return False


def run_request(request):
    started = time.monotonic()
    path, root, timeout = request["program"], request["root"], float(request.get("timeout", 60))
    result = run_once(path, root, "small", timeout)
    if (result.pop("retry", False) and result["category"] == "error") or (result.get("datasets") and shapes_contain(result["models"], set(SMALL.values()))):
        # Programs may hard-code a dataset's sample count (`x_train.reshape(60000, 784)`): try the real sizes.
        result = run_once(path, root, "full", timeout)
        result.pop("retry", False)
    result["program"] = path
    result["seconds"] = round(time.monotonic() - started, 3)
    return result


def main():
    protocol_in = os.fdopen(os.dup(0), "r", encoding="utf-8")
    protocol_out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    quiet = os.open(os.devnull, os.O_RDWR)
    os.dup2(quiet, 0)
    os.dup2(quiet, 1)  # what programs or libraries print never mixes with the protocol
    warnings.simplefilter("ignore")
    tf.get_logger().setLevel("ERROR")
    patches.install()
    # Everything loaded so far lives as long as the worker: keep it out of every later garbage collection
    # (each `clear_session` collects, and scanning TensorFlow's objects costs a third of a second).
    gc.collect()
    gc.freeze()
    # The stand-ins for scikit-learn, pandas and matplotlib come first for programs, after TensorFlow is loaded.
    sys.path.insert(0, os.path.join(HERE, "shims"))
    protocol_out.write(json.dumps({"ready": True, "tensorflow": tf.__version__, "keras": keras.__version__, "python": sys.version.split()[0]}) + "\n")
    protocol_out.flush()
    for line in protocol_in:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            result = run_request(request)
        except BaseException as error:  # noqa: BLE001  (the worker survives anything a program does)
            result = {"program": request.get("program"), "status": "not-buildable", "category": "error", "reason": f"oracle failure: {type(error).__name__}: {error}", "models": []}
        protocol_out.write(json.dumps(result) + "\n")
        protocol_out.flush()


if __name__ == "__main__":
    main()
