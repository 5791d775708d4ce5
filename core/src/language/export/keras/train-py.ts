// The exported project's train.py, verbatim (Python source; the export writes it as it is).
export const TrainPy = String.raw`"""Trains the Keras model with model.fit on the spec's data, loss, optimizer and early stopping,
and saves its weights where rnn import reads them.

    python train.py [--epochs N] [--weights start.safetensors] [--out weights.safetensors]"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import keras  # noqa: E402

from keras_model import build_model, load_engine_weights, save_engine_weights  # noqa: E402
from rnn_data import load_dataset  # noqa: E402

OPTIMIZERS = {
    "sgd": lambda a: keras.optimizers.SGD(a["lr"], momentum=a["momentum"], nesterov=a["nesterov"]),
    "adam": lambda a: keras.optimizers.Adam(a["lr"], beta_1=a["beta1"], beta_2=a["beta2"], epsilon=a["epsilon"]),
    "rmsprop": lambda a: keras.optimizers.RMSprop(a["lr"], rho=a["rho"], momentum=a["momentum"], epsilon=a["epsilon"]),
    "adagrad": lambda a: keras.optimizers.Adagrad(a["lr"], initial_accumulator_value=0.1),
    "adadelta": lambda a: keras.optimizers.Adadelta(a["lr"], rho=a["rho"], epsilon=a["epsilon"]),
    "adamax": lambda a: keras.optimizers.Adamax(a["lr"], beta_1=a["beta1"], beta_2=a["beta2"], epsilon=a["epsilon"]),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int)
    parser.add_argument("--seed", type=int)
    parser.add_argument("--weights", help="start from these weights (.safetensors, engine layout)")
    parser.add_argument("--out", default="weights.safetensors")
    args = parser.parse_args()
    with open(os.path.join(HERE, "spec.json"), encoding="utf-8") as file:
        spec = json.load(file)
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
    model.compile(optimizer=optimizer, loss=loss, metrics=["mae" if data.task == "regression" else "accuracy"])
    x, y = data.part("train")
    validation = data.part("validation") if data.split["validation"] > 0 else None
    callbacks = []
    if spec["train"]["early_stopping"] > 0:
        callbacks.append(keras.callbacks.EarlyStopping(monitor="val_loss" if validation else "loss",
                                                       patience=spec["train"]["early_stopping"], restore_best_weights=True))
    model.fit(x, y, batch_size=spec["train"]["batch_size"], epochs=args.epochs or spec["train"]["epochs"],
              validation_data=validation, shuffle=spec["train"]["shuffle"], callbacks=callbacks, verbose=2)
    save_engine_weights(model, spec, os.path.join(HERE, args.out) if not os.path.isabs(args.out) else args.out)
    print(f"weights: {args.out}")


if __name__ == "__main__":
    main()
`;
