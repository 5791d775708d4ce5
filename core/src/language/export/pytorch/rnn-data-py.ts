// The exported project's rnn_data.py, verbatim (Python source; the export writes it as it is).
export const RnnDataPy = String.raw`"""The spec's data, prepared as RNN Studio's engine prepares it: the same
generated series (the engine's seeded generator, ported), the same windows
(targets after the last step, at every step, or the next horizon rows), the
same time-ordered split with its gap, normalisation with statistics of the
training part only, the same character or word vocabulary (with <unk> when
limited), and labelled sequences (a CSV in long or wide format, a folder of
texts per class) padded with a step mask and split at random, per class with
stratify."""
import math
import os
import unicodedata

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


def boundary_gap(timesteps, stride, horizon=1):
    """Windows dropped between the parts so that no validation input was a training target."""
    return max(0, math.ceil((timesteps + horizon) / stride) - 1)


def window_count(length, timesteps, stride, horizon=1):
    return (length - timesteps - horizon) // stride + 1 if length >= timesteps + horizon else 0


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


def _js_order(text):
    # The engine sorts JavaScript strings, by UTF-16 code units.
    return text.encode("utf-16-be", "surrogatepass")


def vocabulary_of(text):
    return sorted(set(text), key=_js_order)


OUT_OF_VOCABULARY = "<unk>"
# JavaScript's \s: what separates words without being a token.
_JS_SPACE = set("\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff") | {chr(c) for c in range(0x2000, 0x200B)}
_APOSTROPHES = "'\u2019"


def _in_word(ch):
    return unicodedata.category(ch)[0] in "LNM"


def tokenize(text, level, lowercase):
    """Characters, or words: runs of letters, digits and marks with apostrophes inside them; any other visible
    character is a token of its own; whitespace only separates (the engine's tokenizer)."""
    source = text.lower() if lowercase else text
    if level != "word":
        return list(source)
    tokens, i, n = [], 0, len(source)
    while i < n:
        ch = source[i]
        if _in_word(ch):
            end = i + 1
            while True:
                while end < n and _in_word(source[end]):
                    end += 1
                if end + 1 < n and source[end] in _APOSTROPHES and _in_word(source[end + 1]):
                    end += 1
                    continue
                break
            tokens.append(source[i:end])
            i = end
        else:
            if ch not in _JS_SPACE:
                tokens.append(ch)
            i += 1
    return tokens


def vocabulary_of_tokens(documents, limit):
    """Every distinct token sorted, or <unk> then the limit - 1 most frequent (ties in code point order)."""
    counts = {}
    for tokens in documents:
        for token in tokens:
            counts[token] = counts.get(token, 0) + 1
    if limit is None:
        return sorted(counts, key=_js_order)
    frequent = sorted(counts.items(), key=lambda item: (-item[1], _js_order(item[0])))
    return [OUT_OF_VOCABULARY] + [token for token, _ in frequent if token != OUT_OF_VOCABULARY][:limit - 1]


def encode_tokens(tokens, vocabulary):
    index = {token: i for i, token in enumerate(vocabulary)}
    unknown = 0 if vocabulary and vocabulary[0] == OUT_OF_VOCABULARY else None
    ids = np.zeros(len(tokens), dtype=np.int64)
    for i, token in enumerate(tokens):
        found = index.get(token, unknown)
        if found is None:
            raise ValueError(f"token {token!r} is not in the vocabulary")
        ids[i] = found
    return ids


def check_vocabulary(vocabulary, what):
    if len(vocabulary) < 2:
        raise ValueError(f"{what} needs at least two distinct tokens")


def read_text(path):
    """The file's text as the engine reads it: UTF-8, invalid bytes replaced by U+FFFD."""
    with open(path, encoding="utf-8", errors="replace", newline="") as file:
        return file.read()


class Dataset:
    """Windows addressed 0..size-1 in each part; x [n, timesteps, features] (token ids [n, timesteps] for an
    embedding), y [n, outputs], [n, timesteps, outputs] at every step, or class indices [n] ([n, timesteps]).
    Padded sequences have a step mask [n, timesteps], 1 on real steps (mask() is None for data without padding)."""

    def __init__(self, task, timesteps, features, outputs, targets, split, window, normalization=None, vocabulary=None,
                 classes=None, lengths=None):
        self.task, self.timesteps, self.features, self.outputs = task, timesteps, features, outputs
        self.targets, self.split, self.normalization, self.vocabulary = targets, split, normalization, vocabulary
        self.classes = classes
        self._window = window
        # Real steps of each window, for padded sequences only (None: every window is whole).
        self._lengths = lengths if lengths is not None and int(np.min(lengths, initial=timesteps)) < timesteps else None

    def _global(self, part, indices):
        offset = 0 if part == "train" else self.split["train"] + self.split["gap"]
        return [offset + int(i) for i in indices]

    def batch(self, part, indices):
        return self._window(self._global(part, indices))

    def mask(self, part, indices):
        if self._lengths is None:
            return None
        lengths = self._lengths[self._global(part, indices)]
        return (np.arange(self.timesteps)[None, :] < lengths[:, None]).astype(np.float32)

    def part(self, name):
        size = self.split[name]
        return self.batch(name, range(size))

    def part_mask(self, name):
        return self.mask(name, range(self.split[name]))


def labelled_order(labels, classes, validation_split, stratify, seed):
    """The engine's choice of validation sequences: at random with the seed, per class with stratify; each part
    then in the data's order, training first."""
    by_class = [[] for _ in range(classes)]
    for i, label in enumerate(labels):
        by_class[label].append(i)
    random = Mulberry32(seed)
    total = len(labels)
    if stratify and validation_split > 0:
        per_class = [min(len(members), math.floor(len(members) * validation_split + 0.5)) for members in by_class]
        train, validation = [], []
        for members, count in zip(by_class, per_class):
            shuffled = random.shuffle(list(members))
            validation += shuffled[:count]
            train += shuffled[count:]
        split = {"train": total - sum(per_class), "validation": sum(per_class), "gap": 0}
    else:
        split = split_windows(total, validation_split, 0)
        shuffled = random.shuffle(list(range(total)))
        validation, train = shuffled[:split["validation"]], shuffled[split["validation"]:]
    return sorted(train) + sorted(validation), split


def classes_of(labels):
    """The distinct labels sorted, as numbers when every one is a number (so "10" follows "9")."""
    distinct = list(dict.fromkeys(labels))
    if all(_number(label.strip()) is not None and label.strip() != "" for label in distinct):
        return sorted(distinct, key=lambda label: float(label))
    return sorted(distinct, key=_js_order)


def read_sequences(args, base_dir, timesteps):
    """Labelled sequences of a CSV: long format (id, optional time) or wide (one row per sequence)."""
    with open(os.path.join(base_dir, args["path"]), encoding="utf-8", newline="") as file:
        header, rows = parse_csv(file.read())
    if not rows:
        raise ValueError("the CSV file holds no sequence")

    def column(arg):
        name = args.get(arg)
        if name is None:
            return None
        if name not in header:
            raise ValueError(f"{arg}: no column {name!r} in the CSV file")
        return header.index(name)

    label, key, time = column("label"), column("id"), column("time")
    if args.get("columns") is not None:
        indices = [header.index(name) for name in args["columns"]]
    else:
        reserved = {label, key, time}
        indices = [k for k in range(len(header)) if k not in reserved
                   and all(_number(row[k] if k < len(row) else None) is not None for row in rows)]
    values = np.zeros((len(rows), len(indices)), dtype=np.float32)
    for r, row in enumerate(rows):
        for k, c in enumerate(indices):
            value = _number(row[c] if c < len(row) else None)
            if value is None:
                raise ValueError(f"row {r + 1}, column {header[c]!r}: not a number")
            values[r, k] = value

    def label_of(r):
        text = rows[r][label] if label < len(rows[r]) else ""
        if text == "":
            raise ValueError(f"row {r + 1}: the label is missing")
        return text

    width = len(indices)
    if key is None:
        if width % timesteps != 0:
            raise ValueError(f"wide format: {width} value columns do not split into {timesteps} steps")
        return [values[r].reshape(timesteps, width // timesteps).copy() for r in range(len(rows))], \
            [label_of(r) for r in range(len(rows))], width // timesteps, [header[c] for c in indices]
    groups = {}
    for r, row in enumerate(rows):
        groups.setdefault(row[key] if key < len(row) else "", []).append(r)
    sequences, labels = [], []
    for name, members in groups.items():
        if time is not None:
            # A stable sort, as the engine's.
            members.sort(key=lambda r: np.float32(_number(rows[r][time])))
        first = label_of(members[0])
        if any(label_of(r) != first for r in members):
            raise ValueError(f"sequence {name!r} has more than one label")
        sequences.append(values[members].copy())
        labels.append(first)
    return sequences, labels, width, [header[c] for c in indices]


def list_class_folders(folder):
    """Class folders sorted by name, each with its .txt files sorted by name."""
    classes = []
    for name in sorted(os.listdir(folder), key=_js_order):
        path = os.path.join(folder, name)
        if not os.path.isdir(path):
            continue
        files = sorted((f for f in os.listdir(path) if f.lower().endswith(".txt")), key=_js_order)
        classes.append((name, [os.path.join(path, f) for f in files]))
    if len(classes) < 2:
        raise ValueError(f"{folder} needs a subfolder per class, at least two")
    return classes


def read_class_texts(classes):
    """One file of each class in turn, as the engine reads them: (texts, labels)."""
    texts, labels = [], []
    for i in range(max(len(files) for _, files in classes)):
        for label, (_, files) in enumerate(classes):
            if i < len(files):
                texts.append(read_text(files[i]))
                labels.append(label)
    return texts, labels


def padded_dataset(sequences, labels, classes, timesteps, width, encoding, spec, seed, **extra):
    """Sequences padded at the end to timesteps (cut to it), split as the engine splits labelled data."""
    train_spec = spec["train"]
    order, split = labelled_order(labels, len(classes), train_spec["validation_split"], train_spec.get("stratify", False), seed)
    steps = np.array([min(len(sequences[i]), timesteps) for i in order], dtype=np.int64)
    normalize = extra.pop("normalize", "none")
    normalization = None
    if normalize != "none" and split["train"] > 0:
        kept = np.concatenate([sequences[i][:timesteps] for i in order[:split["train"]]])
        normalization = fit_normalization(normalize, kept, kept.shape[0], extra.pop("columns"))
        sequences = [((s.astype(np.float64) - normalization["offset"]) / normalization["scale"]).astype(np.float32) for s in sequences]
    extra.pop("columns", None)

    def window(indices):
        shape = (len(indices), timesteps) if encoding == "ids" else (len(indices), timesteps, width)
        x = np.zeros(shape, dtype=np.int64 if encoding == "ids" else np.float32)
        y = np.zeros(len(indices), dtype=np.int64)
        for b, i in enumerate(indices):
            sequence, n = sequences[order[i]], steps[i]
            if encoding == "values":
                x[b, :n] = sequence[:n]
            elif encoding == "ids":
                x[b, :n] = sequence[:n]
            else:
                x[b, np.arange(n), sequence[:n]] = 1
            y[b] = labels[order[i]]
        return x, y

    return Dataset("classification", timesteps, width, len(classes), "sparse", split, window, normalization,
                   classes=classes, lengths=steps, **extra)


def token_windows(tokens, classes, timesteps, stride, ids, every_step):
    """Windows over token ids every stride tokens: one-hot rows (ids with an embedding), the next token as the
    target, or the token after each step."""
    def window(indices):
        x = np.zeros((len(indices), timesteps), dtype=np.int64) if ids else np.zeros((len(indices), timesteps, classes), dtype=np.float32)
        y = np.zeros((len(indices), timesteps) if every_step else len(indices), dtype=np.int64)
        for b, i in enumerate(indices):
            start = i * stride
            if ids:
                x[b] = tokens[start:start + timesteps]
            else:
                x[b, np.arange(timesteps), tokens[start:start + timesteps]] = 1
            y[b] = tokens[start + 1:start + timesteps + 1] if every_step else tokens[start + timesteps]
        return x, y
    return window


def load_dataset(spec, seed, base_dir):
    data, timesteps = spec["data"], spec["input"]["timesteps"]
    validation_split = spec["train"]["validation_split"]
    fn, args = data["fn"], data["args"]

    every_step = spec["output"].get("at", "last") == "every_step"
    horizon = spec["output"].get("horizon") or 1
    embedded = spec.get("embedding") is not None

    def series_dataset(series, columns, normalize):
        width = series.shape[1]
        windows = window_count(series.shape[0], timesteps, 1, horizon)
        split = split_windows(windows, validation_split, boundary_gap(timesteps, 1, horizon))
        normalization = None
        if normalize != "none" and split["train"] > 0:
            # Training windows touch rows 0 .. train+timesteps+horizon-2 (the last ones as targets).
            normalization = fit_normalization(normalize, series, split["train"] + timesteps + horizon - 1, columns)
            scaled = (series.astype(np.float64) - normalization["offset"]) / normalization["scale"]
            series = scaled.astype(np.float32)

        def window(indices):
            x = np.zeros((len(indices), timesteps, width), np.float32)
            # At every step: the row after each step; else the horizon rows after the window, row after row.
            y = np.zeros((len(indices), timesteps, width) if every_step else (len(indices), horizon * width), np.float32)
            for b, i in enumerate(indices):
                x[b] = series[i:i + timesteps]
                y[b] = series[i + 1:i + timesteps + 1] if every_step else series[i + timesteps:i + timesteps + horizon].reshape(-1)
            return x, y

        return Dataset("regression", timesteps, width, width, "dense", split, window, normalization)

    def token_text_dataset(text):
        tokens = tokenize(text, args.get("level", "char"), args.get("lowercase", False))
        vocabulary = vocabulary_of_tokens([tokens], args.get("vocabulary"))
        check_vocabulary(vocabulary, args["path"])
        stride = args.get("stride") or timesteps
        split = split_windows(window_count(len(tokens), timesteps, stride), validation_split, boundary_gap(timesteps, stride))
        window = token_windows(encode_tokens(tokens, vocabulary), len(vocabulary), timesteps, stride, embedded, every_step)
        return Dataset("classification", timesteps, len(vocabulary), len(vocabulary), "sparse", split, window, vocabulary=vocabulary)

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
        text = read_text(os.path.join(base_dir, args["path"]))
        if args.get("max_chars") is not None:
            text = text[:args["max_chars"]]
        if args.get("level", "char") != "char" or args.get("vocabulary") is not None or embedded:
            return token_text_dataset(text)
        if args.get("lowercase", False):
            text = text.lower()
        vocabulary = vocabulary_of(text)
        if len(vocabulary) < 2:
            raise ValueError("the text needs at least two distinct characters")
        index = {ch: i for i, ch in enumerate(vocabulary)}
        tokens = np.array([index[ch] for ch in text], dtype=np.int64)
        stride = args.get("stride") or timesteps
        split = split_windows(window_count(len(tokens), timesteps, stride), validation_split, boundary_gap(timesteps, stride))
        window = token_windows(tokens, len(vocabulary), timesteps, stride, False, every_step)
        return Dataset("classification", timesteps, len(vocabulary), len(vocabulary), "sparse", split, window, vocabulary=vocabulary)
    if fn == "sequences":
        sequences, labels, width, columns = read_sequences(args, base_dir, timesteps)
        classes = classes_of(labels)
        index = {name: i for i, name in enumerate(classes)}
        return padded_dataset(sequences, [index[label] for label in labels], classes, timesteps, width, "values", spec, seed,
                              normalize=args.get("normalize", "none"), columns=columns)
    if fn == "text_folder":
        folders = list_class_folders(os.path.join(base_dir, args["path"]))
        texts, labels = read_class_texts(folders)
        tokens = [tokenize(text, args.get("level", "char"), args.get("lowercase", False)) for text in texts]
        vocabulary = vocabulary_of_tokens(tokens, args.get("vocabulary"))
        check_vocabulary(vocabulary, args["path"])
        if any(len(t) == 0 for t in tokens):
            raise ValueError("a text of the folder holds no token: a sequence needs at least one step")
        sequences = [encode_tokens(t[:timesteps], vocabulary) for t in tokens]
        return padded_dataset(sequences, labels, [name for name, _ in folders], timesteps, len(vocabulary),
                              "ids" if embedded else "one-hot", spec, seed, vocabulary=vocabulary)
    raise ValueError(f"data source {fn!r} is not supported by this export")
`;
