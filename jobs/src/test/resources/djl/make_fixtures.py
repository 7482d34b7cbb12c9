#!/usr/bin/env python3
"""Makes the DJL engine's test fixtures: a tiny two-branch FG-SBIR-shaped model, exported the way a
PyTorch user would export theirs, as TorchScript (torchscript/photo.pt, sketch.pt) and as ONNX
(onnx/photo.onnx, sketch.onnx), plus a sketch branch taking 3 channels (onnx/sketch_rgb.onnx: the
1-channel raster must be replicated, as for backbones shared with photos), and the embeddings PyTorch
computes for two inputs per branch (expected.json), which DjlEmbedderTest must reproduce to 1e-4.

Each branch takes an NCHW float batch (photo: 3 x 16 x 16, sketch: 1 x 16 x 16) and returns
[batch, 8] raw embeddings (not normalised: the Java side L2-normalises, so expected.json holds the
normalised vectors). Test input i of a branch is defined by a formula both sides compute:
    x[i, c, y, x] = ((7 c + 3 y + 5 x + 11 i) mod 17) / 16

Run with Debian's python3-torch and python3-onnx (torch 1.13.1, onnx 1.12):
    /usr/bin/python3 jobs/src/test/resources/djl/make_fixtures.py
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

SIZE = 16
DIM = 8
HERE = os.path.dirname(os.path.abspath(__file__))


class Branch(nn.Module):
    """conv 3x3 stride 2 -> ReLU -> 4x4 average pool -> linear: a few hundred parameters."""

    def __init__(self, channels):
        super().__init__()
        self.conv = nn.Conv2d(channels, 4, 3, stride=2, padding=1)
        self.fc = nn.Linear(4 * 2 * 2, DIM)

    def forward(self, x):
        x = F.avg_pool2d(F.relu(self.conv(x)), 4)
        return self.fc(torch.flatten(x, 1))


def test_inputs(channels, n=2):
    c = torch.arange(channels).view(1, channels, 1, 1)
    y = torch.arange(SIZE).view(1, 1, SIZE, 1)
    x = torch.arange(SIZE).view(1, 1, 1, SIZE)
    i = torch.arange(n).view(n, 1, 1, 1)
    return (((7 * c + 3 * y + 5 * x + 11 * i) % 17).float() / 16).contiguous()


def main():
    os.makedirs(os.path.join(HERE, "torchscript"), exist_ok=True)
    os.makedirs(os.path.join(HERE, "onnx"), exist_ok=True)
    expected = {"size": SIZE, "dimension": DIM, "torch": torch.__version__}
    for seed, (name, channels) in enumerate([("photo", 3), ("sketch", 1), ("sketch_rgb", 3)]):
        torch.manual_seed(seed + 1)
        model = Branch(channels).eval()
        example = torch.zeros(1, channels, SIZE, SIZE)
        with torch.no_grad():
            if name != "sketch_rgb":
                torch.jit.trace(model, example).save(os.path.join(HERE, "torchscript", name + ".pt"))
            torch.onnx.export(model, example, os.path.join(HERE, "onnx", name + ".onnx"),
                              input_names=["input"], output_names=["embedding"],
                              dynamic_axes={"input": {0: "batch"}, "embedding": {0: "batch"}},
                              opset_version=13)
            inputs = test_inputs(1).repeat(1, 3, 1, 1) if name == "sketch_rgb" else test_inputs(channels)
            out = F.normalize(model(inputs), dim=1)
        expected[name] = [[float(v) for v in row] for row in out]
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
