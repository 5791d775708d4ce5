// The exported project's rnn_data.py, verbatim (Python source; the export writes it as it is).
export const RnnDataPy = String.raw`"""The spec's data, prepared as RNN Studio's engine prepares it: the same
generated series (the engine's seeded generator, ported), the same windows,
the same time-ordered split with its gap, normalisation with statistics of the
training part only, and the same character vocabulary."""
import math
import os

import numpy as np


class Mulberry32:
    """The engine's seeded generator (mulberry32 with a Box-Muller normal), so
    that a seed gives the engine's noise, sequences and shuffles."""

    def __init__(self, seed):
        self.state = (int(math.floor(seed)) ^ 0x9E3779B9) & 0xFFFFFFFF
        self.spare = None

    def next(self):
        self.state = (self.state + 0x6D2B79F5) & 0xFFFFFFFF
        t = self.state
        t = _imul(t ^ (t >> 15), t | 1)
        t ^= (t + _imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    def normal(self):
        if self.spare is not None:
            value, self.spare = self.spare, None
            return value
        radius = math.sqrt(-2 * math.log(1 - self.next()))
        angle = 2 * math.pi * self.next()
        self.spare = radius * math.sin(angle)
        return radius * math.cos(angle)

    def int(self, n):
        return math.floor(self.next() * n)

    def shuffle(self, items):
        """Fisher-Yates in place, drawing as the engine does."""
        for i in range(len(items) - 1, 0, -1):
            j = self.int(i + 1)
            items[i], items[j] = items[j], items[i]
        return items


def _imul(a, b):
    return (a * b) & 0xFFFFFFFF


def sine_series(args, seed):
    random = Mulberry32(seed)
    series = np.zeros(args["samples"], dtype=np.float32)
    for t in range(args["samples"]):
        value = args["amplitude"] * math.sin((2 * math.pi * t) / args["period"])
        if args["noise"] > 0:
            value += args["noise"] * random.normal()
        series[t] = value
    return series


def adding_sequences(samples, timesteps, seed):
    """The adding problem (Le et al. 2015), drawn in the engine's order."""
    random = Mulberry32(seed)
    inputs = np.zeros((samples, timesteps, 2), dtype=np.float32)
    targets = np.zeros((samples, 1), dtype=np.float32)
    half = timesteps // 2
    for s in range(samples):
        for t in range(timesteps):
            inputs[s, t, 0] = random.next()
        first = random.int(half)
        second = half + random.int(timesteps - half)
        inputs[s, first, 1] = 1
        inputs[s, second, 1] = 1
        targets[s, 0] = np.float32(inputs[s, first, 0] + inputs[s, second, 0])
    return inputs, targets


def boundary_gap(timesteps, stride):
    """Windows dropped between the parts so that no validation input was a training target."""
    return max(0, math.ceil((timesteps + 1) / stride) - 1)


def split_windows(windows, validation_split, gap):
    total = max(0, windows)
    validation = math.floor(total * validation_split) if validation_split > 0 else 0
    used_gap = min(gap, total - validation) if validation > 0 else 0
    return {"train": max(0, total - validation - used_gap), "validation": validation, "gap": used_gap}


def fit_normalization(method, series, training_rows, columns):
    rows = series[:training_rows].astype(np.float64)
    offset, scale = [], []
    for c in range(series.shape[1]):
        column = rows[:, c]
        if method == "minmax":
            low, high = float(column.min()), float(column.max())
            offset.append(low)
            scale.append(high - low if high - low > 0 else 1.0)
        else:
            mean = float(column.sum() / training_rows)
            std = math.sqrt(float(((column - mean) ** 2).sum() / training_rows))
            offset.append(mean)
            scale.append(std if std > 0 else 1.0)
    return {"method": method, "columns": columns, "offset": offset, "scale": scale}


def parse_csv(text):
    """Header row, then rows; blank lines skipped, double quotes protect commas, cells trimmed."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = [line for line in text.replace("\r\n", "\n").split("\n")]
    content = [line for line in lines if line.strip() != ""]
    if not content:
        raise ValueError("the CSV file is empty (it needs a header row)")
    return _split_csv_line(content[0]), [_split_csv_line(line) for line in content[1:]]


def _split_csv_line(line):
    cells, cell, quoted, i = [], "", False, 0
    while i < len(line):
        ch = line[i]
        if quoted:
            if ch == '"' and line[i + 1:i + 2] == '"':
                cell += '"'
                i += 1
            elif ch == '"':
                quoted = False
            else:
                cell += ch
        elif ch == '"':
            quoted = True
        elif ch == ",":
            cells.append(cell.strip())
            cell = ""
        else:
            cell += ch
        i += 1
    cells.append(cell.strip())
    return cells


def _number(cell):
    if cell is None or cell == "":
        return None
    try:
        value = float(cell)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def csv_series(args, base_dir):
    with open(os.path.join(base_dir, args["path"]), encoding="utf-8", newline="") as file:
        header, rows = parse_csv(file.read())
    if args.get("column") is not None:
        names = [args["column"]]
    elif args.get("columns") is not None:
        names = list(args["columns"])
    else:
        names = [name for k, name in enumerate(header)
                 if rows and all(_number(row[k] if k < len(row) else None) is not None for row in rows)]
    indices = [header.index(name) for name in names]
    series = np.zeros((len(rows), len(indices)), dtype=np.float32)
    for r, row in enumerate(rows):
        for k, column in enumerate(indices):
            value = _number(row[column] if column < len(row) else None)
            if value is None:
                raise ValueError(f"row {r + 1}, column {header[column]!r}: not a number")
            series[r, k] = value
    return series, names


def vocabulary_of(text):
    # The engine sorts JavaScript strings, by UTF-16 code units.
    return sorted(set(text), key=lambda ch: ch.encode("utf-16-be"))


class Dataset:
    """Windows addressed 0..size-1 in each part; x [n, timesteps, features], y [n, outputs] or [n] class indices."""

    def __init__(self, task, timesteps, features, outputs, targets, split, window, normalization=None, vocabulary=None):
        self.task, self.timesteps, self.features, self.outputs = task, timesteps, features, outputs
        self.targets, self.split, self.normalization, self.vocabulary = targets, split, normalization, vocabulary
        self._window = window

    def batch(self, part, indices):
        offset = 0 if part == "train" else self.split["train"] + self.split["gap"]
        return self._window([offset + int(i) for i in indices])

    def part(self, name):
        size = self.split[name]
        return self.batch(name, range(size))


def load_dataset(spec, seed, base_dir):
    data, timesteps = spec["data"], spec["input"]["timesteps"]
    validation_split = spec["train"]["validation_split"]
    fn, args = data["fn"], data["args"]

    def series_dataset(series, columns, normalize):
        width = series.shape[1]
        windows = max(0, series.shape[0] - timesteps)
        split = split_windows(windows, validation_split, boundary_gap(timesteps, 1))
        normalization = None
        if normalize != "none" and split["train"] > 0:
            # Training windows touch rows 0 .. train+timesteps-1 (the last one as a target).
            normalization = fit_normalization(normalize, series, split["train"] + timesteps, columns)
            scaled = (series.astype(np.float64) - normalization["offset"]) / normalization["scale"]
            series = scaled.astype(np.float32)

        def window(indices):
            x = np.stack([series[i:i + timesteps] for i in indices]) if indices else np.zeros((0, timesteps, width), np.float32)
            y = np.stack([series[i + timesteps] for i in indices]) if indices else np.zeros((0, width), np.float32)
            return x, y

        return Dataset("regression", timesteps, width, width, "dense", split, window, normalization)

    if fn == "sine":
        series = sine_series(args, args.get("seed", seed)).reshape(-1, 1)
        return series_dataset(series, ["value"], "none")
    if fn == "csv":
        series, columns = csv_series(args, base_dir)
        return series_dataset(series, columns, args["normalize"])
    if fn == "adding":
        inputs, targets = adding_sequences(args["samples"], timesteps, args.get("seed", seed))
        split = split_windows(len(targets), validation_split, 0)
        return Dataset("regression", timesteps, 2, 1, "dense", split,
                       lambda indices: (inputs[indices], targets[indices]))
    if fn == "text":
        with open(os.path.join(base_dir, args["path"]), encoding="utf-8", newline="") as file:
            text = file.read()
        if args.get("max_chars") is not None:
            text = text[:args["max_chars"]]
        vocabulary = vocabulary_of(text)
        if len(vocabulary) < 2:
            raise ValueError("the text needs at least two distinct characters")
        index = {ch: i for i, ch in enumerate(vocabulary)}
        tokens = np.array([index[ch] for ch in text], dtype=np.int64)
        stride = args.get("stride") or timesteps
        count = (len(tokens) - timesteps - 1) // stride + 1 if len(tokens) > timesteps else 0
        split = split_windows(count, validation_split, boundary_gap(timesteps, stride))
        classes = len(vocabulary)

        def window(indices):
            x = np.zeros((len(indices), timesteps, classes), dtype=np.float32)
            y = np.zeros(len(indices), dtype=np.int64)
            for b, i in enumerate(indices):
                start = i * stride
                x[b, np.arange(timesteps), tokens[start:start + timesteps]] = 1
                y[b] = tokens[start + timesteps]
            return x, y

        return Dataset("classification", timesteps, classes, classes, "sparse", split, window, vocabulary=vocabulary)
    raise ValueError(f"data source {fn!r} is not supported by this export")
`;
