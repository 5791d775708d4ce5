// The exported project's predict.py, verbatim (Python source; the export writes it as it is).
export const PredictPy = String.raw`"""Predictions of the exported model on the validation windows, as JSON on stdout or in a file.

    python predict.py --weights runs/<Model>/<time>/weights.safetensors [--out predictions.json]"""
import argparse
import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from rnn_data import load_dataset  # noqa: E402
from rnn_model import RecurrentModel  # noqa: E402
from train import load_spec, load_weights  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--weights", required=True)
    parser.add_argument("--seed", type=int, help="the seed of generated data without its own (default: train.seed)")
    parser.add_argument("--out")
    args = parser.parse_args()
    spec, _ = load_spec()
    seed = args.seed if args.seed is not None else spec["train"].get("seed", 0)
    data = load_dataset(spec, seed, HERE)
    model = RecurrentModel(spec)
    load_weights(model, args.weights)
    model.eval()
    x, _ = data.part("validation")
    mask = data.part_mask("validation")
    with torch.no_grad():
        predicted = model(torch.from_numpy(np.asarray(x)), None if mask is None else torch.from_numpy(mask)).numpy()
    text = json.dumps({"predictions": predicted.tolist()})
    if args.out:
        with open(args.out, "w", encoding="utf-8") as file:
            file.write(text)
    else:
        print(text)


if __name__ == "__main__":
    main()
`;
