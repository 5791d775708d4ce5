// The exported project's rnn_runs.py, verbatim (Python source; the export writes it as it is).
export const RnnRunsPy = String.raw`"""Writes a run in RNN Studio's run format (format 1, docs/run-format.md of RNN Studio):
runs/<Model>/<timestamp>/ with summary.json, metrics.jsonl and model.rnn, so that
RNN Studio's runs listing and training panel show a run trained here."""
import json
import math
import os
import re
import socket
import tempfile
import time
from datetime import datetime, timezone

RUN_FORMAT = 1
HEARTBEAT_SECONDS = 5


def _now_ms():
    return time.time() * 1000


def _iso(ms):
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _finite(value):
    """JSON has no NaN or infinity: the run format writes them as null."""
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def write_atomic(path, data):
    folder = os.path.dirname(path)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def create_run_dir(runs_dir, model):
    """<runs>/<Model>/<UTC timestamp>, -2, -3 ... when taken: a run is never overwritten."""
    folder = os.path.join(runs_dir, re.sub(r"[^A-Za-z0-9_.-]", "_", model) or "model")
    os.makedirs(folder, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H-%M-%S")
    for n in range(1, 10000):
        path = os.path.join(folder, stamp if n == 1 else f"{stamp}-{n}")
        try:
            os.mkdir(path)
            return path
        except FileExistsError:
            continue
    raise RuntimeError(f"no free run folder under {folder}")


def load_trials(folder):
    """The sweep's trials (trial, params, spec) as RNN Studio expanded them (sweep.json); [] without a sweep."""
    path = os.path.join(folder, "sweep.json")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as file:
        return json.load(file)["trials"]


def new_sweep_id(model):
    """One id for the trials started together, as RNN Studio names a sweep: <Model>-<UTC time>."""
    return f"{model}-{datetime.now(timezone.utc).strftime('%Y-%m-%dT%H-%M-%S')}"


def chosen_trials(trials, number):
    """The trial --trial names (all of them without it); a one-line error for a number the sweep does not have."""
    if not trials:
        if number:
            raise ValueError("--trial: this model has no sweep")
        return []
    if not number:
        return trials
    chosen = [trial for trial in trials if trial["trial"] == number]
    if not chosen:
        raise ValueError(f"--trial {number}: the sweep has {len(trials)} trials")
    return chosen


def sweep_field(trial, trials, sweep_id):
    """summary.json's sweep: which trial of which sweep a run is, with the trial's values."""
    return {"id": sweep_id, "trial": trial["trial"], "trials": len(trials), "params": trial["params"]}


class RunWriter:
    def __init__(self, runs_dir, spec, source, seed, backend, sweep=None):
        self.dir = create_run_dir(runs_dir, spec["name"])
        self.started = _now_ms()
        self.last_beat = 0.0
        self.summary = {
            "format": RUN_FORMAT, "model": spec["name"], "status": "running", "started": _iso(self.started),
            "seconds": 0, "epochs": 0, "final": {}, "backend": backend, "seed": seed,
            "totalParams": spec["totalParams"], "layers": spec["layers"],
            "host": socket.gethostname(), "pid": os.getpid(),
        }
        if sweep:
            # The trial's place in its sweep: RNN Studio's runs listing groups the trials by sweep["id"].
            self.summary["sweep"] = sweep
        write_atomic(os.path.join(self.dir, "model.rnn"), source.encode("utf-8"))
        self.write_summary()

    def record_data(self, data):
        """The data as the model saw it (summary.json's data, classes and normalization)."""
        summary = {"task": data.task, "features": data.features, "outputs": data.outputs, "timesteps": data.timesteps, "split": data.split}
        if data.vocabulary is not None:
            summary["vocabulary"] = data.vocabulary
        fields = {"classes": data.classes} if data.classes else {}
        if data.normalization:
            fields["normalization"] = data.normalization
        self.update(data=summary, **fields)

    def elapsed(self):
        return (_now_ms() - self.started) / 1000

    def update(self, **fields):
        self.summary.update(fields)
        self.write_summary()

    def write_summary(self):
        self.summary["seconds"] = self.elapsed()
        self.summary["heartbeat"] = _iso(_now_ms())
        self.last_beat = time.time()
        write_atomic(os.path.join(self.dir, "summary.json"), json.dumps(_finite(self.summary), allow_nan=False).encode("utf-8"))

    def heartbeat(self):
        """Rewrites the running summary every few seconds, so readers can tell a live run from a dead one."""
        if time.time() - self.last_beat >= HEARTBEAT_SECONDS:
            self.write_summary()

    def emit(self, event):
        event = dict(event, time=_now_ms())
        with open(os.path.join(self.dir, "metrics.jsonl"), "a", encoding="utf-8") as file:
            file.write(json.dumps(_finite(event), allow_nan=False) + "\n")
`;
