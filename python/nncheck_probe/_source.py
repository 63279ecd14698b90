"""Where a layer is built in the program's source: the first frame outside the frameworks and nncheck,
with Python 3.11's column positions when present. Findings about the layer then point at that line."""

import os
import sys

_SKIP = ("/keras/", "/tensorflow/", "/torch/", "/tf_keras/", "/nncheck_probe/", "/site-packages/", "/dist-packages/", "<frozen ")


def construction_span(depth=2):
    """The span of the call that is constructing an object, or None."""
    try:
        frame = sys._getframe(depth)
    except ValueError:
        return None
    while frame is not None:
        filename = frame.f_code.co_filename
        if not any(part in filename.replace("\\", "/") for part in _SKIP) and not filename.startswith("<"):
            return _span(frame, filename)
        frame = frame.f_back
    return None


def _span(frame, filename):
    line = frame.f_lineno
    span = {"file": _display(filename), "line": line, "column": 1, "endLine": line, "endColumn": 1}
    positions = getattr(frame.f_code, "co_positions", None)
    if positions is not None:
        try:
            start_line, end_line, start_col, end_col = list(positions())[frame.f_lasti // 2]
            if start_line == line and start_col is not None and end_col is not None and end_line is not None:
                span.update(column=start_col + 1, endLine=end_line, endColumn=end_col + 1)
        except (IndexError, ValueError, TypeError):
            pass
    return span


def _display(filename):
    """Relative to the working directory when inside it (as the user named the script)."""
    try:
        relative = os.path.relpath(filename)
    except ValueError:
        return filename
    return filename if relative.startswith("..") else relative
