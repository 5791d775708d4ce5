// The exported project's predict.py, verbatim (Python source; the export writes it as it is).
export const PredictPy = String.raw`"""Predictions of the Keras model on the validation windows, as JSON on stdout or in a file.

    python predict.py --weights weights.safetensors [--out predictions.json]"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from keras_model import build_model, load_engine_weights, model_inputs  # noqa: E402
from rnn_data import load_dataset  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--weights", required=True)
    parser.add_argument("--seed", type=int, help="the seed of generated data without its own (default: train.seed)")
    parser.add_argument("--out")
    args = parser.parse_args()
    with open(os.path.join(HERE, "spec.json"), encoding="utf-8") as file:
        spec = json.load(file)
    seed = args.seed if args.seed is not None else spec["train"].get("seed", 0)
    data = load_dataset(spec, seed, HERE)
    model = build_model(spec)
    load_engine_weights(model, spec, args.weights)
    predicted = model.predict(model_inputs(spec, data, "validation"), batch_size=256, verbose=0)
    text = json.dumps({"predictions": predicted.tolist()})
    if args.out:
        with open(args.out, "w", encoding="utf-8") as file:
            file.write(text)
    else:
        print(text)


if __name__ == "__main__":
    main()
`;
