#!/usr/bin/env python3
"""PyTorch CPU reference for the character-level workload of `npm run bench`.

The model of samples/shakespeare-every-step.rnn: one LSTM of 128 units over
one-hot characters, a Linear layer at every step, sparse cross-entropy of the
next character after every step; non-overlapping windows of 64 characters
(stride 64), the last 10% of the windows for validation with one window left
out before them (the engine's split: core/src/language/data-files/split.ts),
batch 128, Adam lr 0.01, gradient norm clipped at 5, shuffled every epoch.
Prints one JSON line: seconds per epoch (median), characters per second (input
characters of the training windows), and the validation loss (nats per
character) after each epoch with the wall time it was reached.

Setup: python3 -m venv .venv-torch && .venv-torch/bin/pip install torch
Run:   .venv-torch/bin/python bench/torch_char_rnn.py [--epochs 3] [--text samples/data/tinyshakespeare.txt]
"""
import argparse
import json
import statistics
import time

import torch

TIMESTEPS, UNITS, BATCH, LR, CLIPNORM, VALIDATION = 64, 128, 128, 0.01, 5.0, 0.1


class CharLstm(torch.nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.lstm = torch.nn.LSTM(classes, UNITS, batch_first=True)
        self.head = torch.nn.Linear(UNITS, classes)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out)  # [batch, timesteps, classes]: a prediction at every step


def windows(tokens):
    count = (len(tokens) - TIMESTEPS - 1) // TIMESTEPS + 1
    starts = torch.arange(count) * TIMESTEPS
    steps = starts.unsqueeze(1) + torch.arange(TIMESTEPS + 1)
    return tokens[steps]  # [count, timesteps + 1]: inputs are [:, :-1], targets [:, 1:]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--text", default="samples/data/tinyshakespeare.txt")
    args = parser.parse_args()
    torch.manual_seed(0)
    text = open(args.text, encoding="utf-8").read()
    vocabulary = sorted(set(text))
    index = {ch: i for i, ch in enumerate(vocabulary)}
    tokens = torch.tensor([index[ch] for ch in text], dtype=torch.long)
    all_windows = windows(tokens)
    validation = int(len(all_windows) * VALIDATION)
    gap = -(-(TIMESTEPS + 1) // TIMESTEPS) - 1
    train = all_windows[: len(all_windows) - validation - gap]
    held_out = all_windows[len(all_windows) - validation:]
    classes = len(vocabulary)
    net = CharLstm(classes)
    optimizer = torch.optim.Adam(net.parameters(), lr=LR)
    loss_fn = torch.nn.CrossEntropyLoss()
    one_hot = lambda w: torch.nn.functional.one_hot(w[:, :-1], classes).float()

    def validation_loss():
        with torch.no_grad():
            total = 0.0
            for i in range(0, len(held_out), BATCH):
                w = held_out[i:i + BATCH]
                total += loss_fn(net(one_hot(w)).reshape(-1, classes), w[:, 1:].reshape(-1)).item() * len(w)
            return total / len(held_out)

    started = time.perf_counter()
    epochs, times = [], []
    for epoch in range(1, args.epochs + 1):
        t0 = time.perf_counter()
        perm = torch.randperm(len(train))
        for i in range(0, len(train), BATCH):
            w = train[perm[i:i + BATCH]]
            optimizer.zero_grad()
            loss = loss_fn(net(one_hot(w)).reshape(-1, classes), w[:, 1:].reshape(-1))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), CLIPNORM)
            optimizer.step()
        times.append(time.perf_counter() - t0)
        epochs.append({"epoch": epoch, "val_loss": round(validation_loss(), 4), "seconds": round(time.perf_counter() - started, 2)})
    seconds = statistics.median(times)
    print(json.dumps({
        "impl": "pytorch-cpu", "torch": torch.__version__, "threads": torch.get_num_threads(),
        "workload": "shakespeare-every-step", "seconds_per_epoch": round(seconds, 3),
        "characters_per_second": round(len(train) * TIMESTEPS / seconds), "epochs": epochs,
    }), flush=True)


if __name__ == "__main__":
    main()
