// The exported project's train.py, verbatim (Python source; the export writes it as it is).
export const TrainPy = String.raw`"""Trains the Keras model with model.fit on the spec's data, loss, optimizer and early stopping,
writes the run in RNN Studio's run format under runs/, and saves its weights where rnn import reads them.

    python train.py [--epochs N] [--weights start.safetensors] [--out weights.safetensors] [--runs-dir runs] [--trial N]

A spec with a sweep (sweep.json) trains every trial, one after the other, unless --trial picks one; each trial is a
run of its own, marked as a trial of one sweep."""
import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import keras  # noqa: E402

from keras_model import build_model, load_engine_weights, model_inputs, save_engine_weights  # noqa: E402
from rnn_data import load_dataset  # noqa: E402
from rnn_runs import RunWriter, chosen_trials, load_trials, new_sweep_id, sweep_field  # noqa: E402

OPTIMIZERS = {
    "sgd": lambda a: keras.optimizers.SGD(a["lr"], momentum=a["momentum"], nesterov=a["nesterov"]),
    "adam": lambda a: keras.optimizers.Adam(a["lr"], beta_1=a["beta1"], beta_2=a["beta2"], epsilon=a["epsilon"]),
    "rmsprop": lambda a: keras.optimizers.RMSprop(a["lr"], rho=a["rho"], momentum=a["momentum"], epsilon=a["epsilon"]),
    "adagrad": lambda a: keras.optimizers.Adagrad(a["lr"], initial_accumulator_value=0.1),
    "adadelta": lambda a: keras.optimizers.Adadelta(a["lr"], rho=a["rho"], epsilon=a["epsilon"]),
    "adamax": lambda a: keras.optimizers.Adamax(a["lr"], beta_1=a["beta1"], beta_2=a["beta2"], epsilon=a["epsilon"]),
}


class RunRecorder(keras.callbacks.Callback):
    """The training as RNN Studio run events. Keras reports a batch's loss as the running mean of its epoch so far."""

    def __init__(self, writer, metric, epochs):
        super().__init__()
        self.writer, self.metric, self.epochs = writer, metric, epochs
        self.step, self.epoch, self.started, self.final = 0, 0, time.time(), {}

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch, self.started = epoch + 1, time.time()

    def on_train_batch_end(self, batch, logs=None):
        self.step += 1
        self.writer.emit({"type": "batch", "epoch": self.epoch, "batch": batch + 1, "step": self.step, "loss": float(logs["loss"])})
        self.writer.heartbeat()

    def on_epoch_end(self, epoch, logs=None):
        metrics = {name: float(logs[name]) for name in (self.metric, f"val_{self.metric}") if name in logs}
        self.final = {"loss": float(logs["loss"]), **({"val_loss": float(logs["val_loss"])} if "val_loss" in logs else {}), **metrics}
        seconds = time.time() - self.started
        event = {"type": "epoch", "epoch": self.epoch, "step": self.step, "loss": self.final["loss"], "metrics": metrics,
                 "seconds": seconds, "eta": seconds * (self.epochs - self.epoch)}
        if "val_loss" in self.final:
            event["val_loss"] = self.final["val_loss"]
        self.writer.emit(event)
        self.writer.update(epochs=self.epoch, final=self.final, weightsEpoch=self.epoch)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int)
    parser.add_argument("--seed", type=int)
    parser.add_argument("--weights", help="start from these weights (.safetensors, engine layout)")
    parser.add_argument("--out", default="weights.safetensors")
    parser.add_argument("--runs-dir", default="runs", help="where the run is written (default: runs)")
    parser.add_argument("--trial", type=int, help="a sweep: train only this trial (from 1)")
    args = parser.parse_args()
    with open(os.path.join(HERE, "spec.json"), encoding="utf-8") as file:
        spec = json.load(file)
    with open(os.path.join(HERE, "model.rnn"), encoding="utf-8") as file:
        source = file.read()
    trials = load_trials(HERE)
    try:
        chosen = chosen_trials(trials, args.trial)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
    if not chosen:
        train(args, spec, source)
        return
    sweep_id = new_sweep_id(spec["name"])
    for trial in chosen:
        train(args, trial["spec"], source, sweep_field(trial, trials, sweep_id))


def train(args, spec, source, sweep=None):
    seed = args.seed if args.seed is not None else spec["train"].get("seed", 0)
    keras.utils.set_random_seed(seed)
    data = load_dataset(spec, seed, HERE)
    model = build_model(spec)
    if args.weights:
        load_engine_weights(model, spec, args.weights)
    optimizer_args = spec["optimizer"]["args"]
    optimizer = OPTIMIZERS[spec["optimizer"]["fn"]](optimizer_args)
    # The engine clips by global norm (and by value) before the update.
    optimizer.global_clipnorm = optimizer_args.get("clipnorm")
    optimizer.clipvalue = optimizer_args.get("clipvalue")
    loss = spec["loss"]
    if loss in ("categorical_crossentropy", "sparse_categorical_crossentropy"):
        loss = "sparse_categorical_crossentropy" if data.targets == "sparse" else "categorical_crossentropy"
    metric = "mae" if data.task == "regression" else "accuracy"
    model.compile(optimizer=optimizer, loss=loss, metrics=[metric])
    x, y = model_inputs(spec, data, "train"), data.part("train")[1]
    validation = (model_inputs(spec, data, "validation"), data.part("validation")[1]) if data.split["validation"] > 0 else None
    epochs = args.epochs or spec["train"]["epochs"]
    batch_size = spec["train"]["batch_size"]
    backend = f"keras-{keras.backend.backend()}"
    writer = RunWriter(args.runs_dir, spec, source, seed, backend, sweep)
    writer.record_data(data)
    writer.emit({"type": "start", "model": spec["name"], "runDir": writer.dir, "backend": backend, "seed": seed, "epochs": epochs,
                 "stepsPerEpoch": -(-data.split["train"] // batch_size), "trainSamples": data.split["train"],
                 "validationSamples": data.split["validation"], "task": data.task, "metric": metric,
                 "layers": spec["layers"], "totalParams": spec["totalParams"]})
    recorder = RunRecorder(writer, metric, epochs)
    callbacks = [recorder]
    stopping = None
    if spec["train"]["early_stopping"] > 0:
        stopping = keras.callbacks.EarlyStopping(monitor="val_loss" if validation else "loss",
                                                 patience=spec["train"]["early_stopping"], restore_best_weights=True)
        callbacks.append(stopping)
    status, reason = "completed", None
    try:
        model.fit(x, y, batch_size=batch_size, epochs=epochs, validation_data=validation,
                  shuffle=spec["train"]["shuffle"], callbacks=callbacks, verbose=2)
    except KeyboardInterrupt:
        status, reason = "cancelled", f"cancelled during epoch {recorder.epoch}"
    weights_epoch = recorder.epoch
    if stopping is not None and stopping.stopped_epoch > 0:
        status, weights_epoch = "early_stopped", stopping.best_epoch + 1
        reason = f"stopped at epoch {recorder.epoch}; kept the best epoch, {weights_epoch}"
    save_engine_weights(model, spec, os.path.join(writer.dir, "weights.safetensors"))
    out = args.out if os.path.isabs(args.out) else os.path.join(HERE, args.out)
    save_engine_weights(model, spec, out)
    end = {"type": "end", "status": status, "epochs": recorder.epoch, "seconds": writer.elapsed(), "final": recorder.final}
    fields = {"status": status, "epochs": recorder.epoch, "final": recorder.final, "weightsEpoch": weights_epoch}
    if reason:
        end["reason"] = fields["reason"] = reason
    writer.emit(end)
    writer.update(**fields)
    print(f"run: {writer.dir}\nweights: {out}")


if __name__ == "__main__":
    main()
`;
