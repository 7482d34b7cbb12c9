#!/usr/bin/env python3
"""Writes the stroke-3 test fixtures with numpy (run once; the outputs are committed beside this script).

sketchrnn_cat.npz   sketch-rnn layout: members train/valid/test, each an object array of int16 (N, 3)
                    [dx, dy, pen] arrays (numpy pickles the object arrays inside the .npy members).
single_rows.npz     plain numeric members: 'a' float32 (N, 3) C order, 'b' big-endian float64 Fortran order.
*.expected.ndjson   the same sketches as SketchX records with absolute coordinates computed here by
                    numpy cumsum (pen = 1 ends a stroke), ids <file>/<member>/<index>, split = member.
"""
import json
import numpy as np

rng = np.random.default_rng(20201)


def sketch(n_points, n_strokes):
    rows = np.zeros((n_points, 3), dtype=np.int16)
    rows[:, :2] = rng.integers(-40, 41, size=(n_points, 2))
    ends = np.sort(rng.choice(np.arange(n_points - 1), size=n_strokes - 1, replace=False))
    rows[ends, 2] = 1
    rows[-1, 2] = 1
    return rows


def objects(arrays):
    out = np.empty(len(arrays), dtype=object)
    for i, a in enumerate(arrays):
        out[i] = a
    return out


def expected(name, members):
    lines = []
    for key, arrays in members.items():
        for i, a in enumerate(arrays):
            absolute = np.cumsum(a[:, :2].astype(np.float64), axis=0)
            points = [[float(x), float(y), int(p)] for (x, y), p in zip(absolute, a[:, 2])]
            lines.append(json.dumps({"sketch_id": f"{name}/{key}/{i}", "split": key, "points": points}))
    return "\n".join(lines) + "\n"


cat = {
    "train": [sketch(12, 3), sketch(7, 1), sketch(20, 5)],
    "valid": [sketch(5, 2)],
    "test": [sketch(9, 2), sketch(1, 1)],
}
np.savez("sketchrnn_cat.npz", **{k: objects(v) for k, v in cat.items()})
with open("sketchrnn_cat.expected.ndjson", "w") as f:
    f.write(expected("sketchrnn_cat", cat))

a = sketch(6, 2).astype(np.float32)
a[:, :2] *= np.float32(0.5)
b = sketch(8, 3).astype(">f8")
b[:, :2] /= 4
b = np.asfortranarray(b)
np.savez("single_rows.npz", a=a, b=b)
with open("single_rows.expected.ndjson", "w") as f:
    f.write(expected("single_rows", {"a": [a], "b": [np.ascontiguousarray(b)]}))
