# Exports the UCI optical recognition of handwritten digits test set that
# scikit-learn ships inside its package (sklearn.datasets.load_digits: 1797
# images of 8x8 pixels, values 0-16, no download) to samples/data/digits.csv:
# one row per image, the pixels row by row (r0c0 .. r7c7), then the digit.
# Run once: python3 -m venv .venv-data && .venv-data/bin/pip install scikit-learn
#           .venv-data/bin/python scripts/data/export-digits.py
import csv
import pathlib

from sklearn.datasets import load_digits

digits = load_digits()
out = pathlib.Path(__file__).resolve().parents[2] / 'samples' / 'data' / 'digits.csv'
with out.open('w', newline='') as f:
    writer = csv.writer(f, lineterminator='\n')
    writer.writerow([f'r{r}c{c}' for r in range(8) for c in range(8)] + ['digit'])
    for image, digit in zip(digits.data, digits.target):
        writer.writerow([int(v) for v in image] + [int(digit)])
print(f'{len(digits.target)} images -> {out}')
