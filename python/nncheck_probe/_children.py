"""The Python processes a watched program starts: a distributed launcher's workers (torchrun), `mp.spawn`'s,
a script run by `subprocess`. Each is checked by the same `nncheck watch`, one training at a time:

- the watched process keeps watch's descriptors open for the Python processes it starts (they are added to
  the descriptors a child keeps, at the one call both subprocess and multiprocessing make to start one) and
  names them in the environment the children inherit, with the telemetry pipe's identity, so that a child
  never writes into a descriptor of the same number that is something else;
- a process claims the telemetry before its training's first record (an exclusive lock on a file named after
  the pipe, which the system drops when its holder ends) and gives it back when its trainings end: one
  process writes at a time, and a second process's training while the first trains is not checked, which it says.
  A distributed training's rank other than 0 (a tf.distribute cluster's task other than its chief, else its
  worker 0) never claims: its ranks train the same model.
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
    # subprocess binds the function when it is imported: the copy of a subprocess imported before the probe
    # (by a site .pth file, say) is replaced too.
    imported = sys.modules.get("subprocess")
    if imported is not None and getattr(imported, "_fork_exec", None) is original:
        imported._fork_exec = fork_exec


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


WATCH_DIR_ENV = "NNCHECK_WATCH_DIR"


def _claim_path(identity, env=None):
    """In watch's own folder (removed when watch ends), else the temporary directory."""
    env = os.environ if env is None else env
    folder = env.get(WATCH_DIR_ENV)
    if not folder or not os.path.isdir(folder):
        folder = tempfile.gettempdir()
    return os.path.join(folder, "nncheck-%s.claim" % identity.replace(":", "-"))


def claim(identity, env=None):
    """Claims the telemetry for this process's trainings: (None, claim) when claimed, else (why not, None).
    The claim is an exclusive lock on a file named after the pipe, held while the claim is open: the system
    drops it when its process ends, however it ends, so no claim outlives its holder."""
    env = os.environ if env is None else env
    # RANK: torchrun's, Accelerate's, DeepSpeed's; LOCAL_RANK alone: the processes PyTorch Lightning starts.
    rank = env.get("RANK", env.get("LOCAL_RANK"))
    if rank is not None and rank.strip() not in ("", "0"):
        return "rank %s of a distributed training (its ranks train the same model; rank 0 is checked)" % rank.strip(), None
    task = _tf_config_task(env)
    if task is not None:
        return "%s of a tf.distribute training (its workers train the same model; the chief is checked)" % task, None
    try:
        import fcntl
    except ImportError:  # not a POSIX system: no child is connected, this process is the only writer
        return None, None
    fd = os.open(_claim_path(identity, env), os.O_CREAT | os.O_RDWR, 0o600)
    os.set_inheritable(fd, False)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        holder = os.read(fd, 32).decode("ascii", "replace").strip()
        os.close(fd)
        return "another process of the program (pid %s) is training and being checked" % (holder if holder.isdigit() else "?"), None
    # The holder's pid, for the message of a process refused.
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
    return None, fd


def _tf_config_task(env):
    """This process's task in a TF_CONFIG cluster when it is not the one checked ("worker 1"), else None: the
    chief when the cluster has one, else worker 0."""
    text = env.get("TF_CONFIG")
    if not text:
        return None
    try:
        import json

        config = json.loads(text)
        kind, index = config["task"]["type"], int(config["task"].get("index", 0))
        has_chief = bool(config.get("cluster", {}).get("chief"))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    checked = kind == "chief" if has_chief else (kind == "worker" and index == 0)
    return None if checked else "%s %d" % (kind, index)


def release(claimed):
    """Gives the telemetry back: the lock dropped (the file stays for the next claim)."""
    if claimed is None:
        return
    try:
        import fcntl

        fcntl.flock(claimed, fcntl.LOCK_UN)
    except (ImportError, OSError):
        pass
    try:
        os.close(claimed)
    except OSError:
        pass
