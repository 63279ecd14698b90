"""The Python processes a watched program starts: a distributed launcher's workers (torchrun), `mp.spawn`'s,
a script run by `subprocess`. Each is checked by the same `nncheck watch`, one training at a time:

- the watched process keeps watch's descriptors open for the Python processes it starts (they are added to
  the descriptors a child keeps, at the one call both subprocess and multiprocessing make to start one) and
  names them in the environment the children inherit, with the telemetry pipe's identity, so that a child
  never writes into a descriptor of the same number that is something else;
- a process claims the telemetry before its training's first record (a file named after the pipe, holding
  its pid; a dead holder's claim is taken over) and gives it back when its trainings end: one process
  writes at a time, and a second process's training while the first trains is not checked, which it says.
  A distributed training's rank other than 0 never claims: its ranks train the same model.
"""

import os
import sys
import tempfile

TELEMETRY_ID_ENV = "NNCHECK_TELEMETRY_ID"


def identity_of(fd):
    """The pipe behind a descriptor, as "device:inode"."""
    info = os.fstat(fd)
    return "%d:%d" % (info.st_dev, info.st_ino)


def share(env, telemetry_fd, control_fd, identity, names):
    """Names the private descriptors in `env` (os.environ: the children inherit it) and keeps them open in
    the Python processes started from now on. `names`: (telemetry variable, control variable)."""
    env[names[0]] = str(telemetry_fd)
    if control_fd is not None:
        env[names[1]] = str(control_fd)
    else:
        env.pop(names[1], None)
    env[TELEMETRY_ID_ENV] = identity
    # Each descriptor with the file it is now: passed on only while it still is (closed when this process stops
    # writing, its number may be another file's, or none: a child would fail to start with a closed one).
    kept = [(fd, identity_of(fd)) for fd in (telemetry_fd, control_fd) if fd is not None]
    marker = ("%s=" % names[0]).encode()
    try:
        import _posixsubprocess
    except ImportError:  # not a POSIX system: the children are not connected
        return
    original = _posixsubprocess.fork_exec
    if getattr(original, "_nncheck", False):
        return

    def fork_exec(*args, **kwargs):
        # (args, executable_list, close_fds, fds_to_keep, cwd, env_list, ...): the same first six on Python 3.9-3.13.
        try:
            live = _still_open(kept)
            if live and len(args) > 5 and _is_python(args[0], args[1]) and _connects(args[5], marker, env, names[0]):
                args = args[:3] + (tuple(sorted(set(args[3]) | set(live))),) + args[4:]
        except Exception:  # noqa: BLE001 - the child starts as the program asked, unconnected
            pass
        return original(*args, **kwargs)

    fork_exec._nncheck = True
    fork_exec.__wrapped__ = original
    _posixsubprocess.fork_exec = fork_exec


def forget(env, names):
    """This process no longer writes (it closed its descriptors): its children are not told of any."""
    for name in (*names, TELEMETRY_ID_ENV):
        env.pop(name, None)


def _still_open(kept):
    live = []
    for fd, identity in kept:
        try:
            if identity_of(fd) == identity:
                live.append(fd)
        except OSError:
            pass
    return live


def _is_python(args, executables):
    """Whether the child runs a Python interpreter (the only kind that runs the preload)."""
    paths = list(executables or []) + list(args or [])[:1]
    for path in paths:
        text = os.fsdecode(path)
        if os.path.basename(text).startswith("python") or os.path.realpath(text) == os.path.realpath(sys.executable):
            return True
    return False


def _connects(env_list, marker, env, name):
    """Whether the child's environment names the telemetry descriptor (None: it inherits this process's)."""
    if env_list is None:
        return name in env
    return any(bytes(entry).startswith(marker) for entry in env_list)


def _claim_path(identity):
    return os.path.join(tempfile.gettempdir(), "nncheck-%s.claim" % identity.replace(":", "-"))


def claim(identity, env=None):
    """Claims the telemetry for this process's trainings: None when claimed, else why not."""
    env = os.environ if env is None else env
    # RANK: torchrun's, Accelerate's, DeepSpeed's; LOCAL_RANK alone: the processes PyTorch Lightning starts.
    rank = env.get("RANK", env.get("LOCAL_RANK"))
    if rank is not None and rank.strip() not in ("", "0"):
        return "rank %s of a distributed training (its ranks train the same model; rank 0 is checked)" % rank.strip()
    path = _claim_path(identity)
    for _ in range(2):
        # Written whole under another name, then linked: a claim is never seen empty.
        draft = "%s.%d" % (path, os.getpid())
        with open(draft, "w") as f:
            f.write(str(os.getpid()))
        try:
            os.link(draft, path)
            return None
        except FileExistsError:
            holder = _holder(path)
            if holder == os.getpid():
                return None
            if holder is not None and _alive(holder):
                return "another process of the program (pid %d) is training and being checked" % holder
            try:
                os.unlink(path)  # a dead process's claim
            except OSError:
                pass
        finally:
            try:
                os.unlink(draft)
            except OSError:
                pass
    return "the telemetry could not be claimed"


def release(identity):
    """Gives the telemetry back (the claim file removed when this process holds it)."""
    path = _claim_path(identity)
    if _holder(path) == os.getpid():
        try:
            os.unlink(path)
        except OSError:
            pass


def _holder(path):
    try:
        with open(path) as f:
            text = f.read().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
