"""Writes the small PyTorch fixtures the .NET tests check against (run with Debian's python3-torch 1.13 and
python3-torchvision 0.14: `apt-get install -y python3-torch python3-torchvision`, then
`/usr/bin/python3 tools/pytorch-fixtures/make_fixtures.py`). CI does not run this: the outputs are committed.

- tiny_net.pt: the state_dict of a tiny conv net saved by torch.save, with tiny_net.json holding a fixed input
  and the output PyTorch computed from it in eval mode. The .NET test loads the .pt with TorchSharp.PyBridge
  into the same architecture and must reproduce the output within 1e-5.
- torchvision_shapes.json: parameter and buffer names and shapes of torchvision's zoo models (random init,
  no weights downloaded), so the .NET zoo can be checked to load torchvision's state dicts unchanged.
"""
import json
import os

import torch
import torch.nn as nn
import torchvision

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "TransferGuide.Tests", "Fixtures", "pytorch")


class TinyNet(nn.Module):
    """conv(3→4, 3x3) → BN → ReLU → global average → linear(4→3)."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        x = torch.relu(self.bn(self.conv(x)))
        return self.fc(x.mean(dim=(2, 3)))


def tiny_net():
    torch.manual_seed(1234)
    net = TinyNet()
    # A few training-mode passes give BatchNorm non-trivial running statistics.
    net.train()
    with torch.no_grad():
        for _ in range(3):
            net(torch.randn(8, 3, 6, 6) * 2 + 0.5)
    net.eval()
    x = torch.randn(2, 3, 6, 6)
    with torch.no_grad():
        y = net(x)
    torch.save(net.state_dict(), os.path.join(OUT, "tiny_net.pt"))
    with open(os.path.join(OUT, "tiny_net.json"), "w") as f:
        json.dump({
            "torch_version": torch.__version__,
            "input_shape": list(x.shape), "input": [float(v) for v in x.flatten()],
            "output_shape": list(y.shape), "output": [float(v) for v in y.flatten()],
        }, f)


def shapes():
    models = {
        "resnet18": torchvision.models.resnet18(),
        "resnet34": torchvision.models.resnet34(),
        "resnet50": torchvision.models.resnet50(),
        "mobilenet_v2": torchvision.models.mobilenet_v2(),
        "mobilenet_v3_small": torchvision.models.mobilenet_v3_small(),
        "squeezenet1_1": torchvision.models.squeezenet1_1(),
        "efficientnet_b0": torchvision.models.efficientnet_b0(),
    }
    out = {name: {k: list(v.shape) for k, v in m.state_dict().items()} for name, m in models.items()}
    with open(os.path.join(OUT, "torchvision_shapes.json"), "w") as f:
        json.dump({"torchvision_version": torchvision.__version__, "models": out}, f, separators=(",", ":"))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    tiny_net()
    shapes()
