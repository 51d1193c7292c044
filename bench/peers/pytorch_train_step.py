#!/usr/bin/env python3
"""PyTorch-in-Python peer of `tg bench`: timed training steps of the kit's ResNet18 (blocks 2-2-2-3).

It rebuilds torchvision's BasicBlock ResNet with the kit's layout and loads the very tensors the kit
exported (raw float32 + manifest.json), so both sides measure the same network on the same kind of batch:
all layers trainable, AdamW, cross-entropy, batch N of 224x224. Prints one JSON line.
Needs Debian's python3-torch (apt-get install -y python3-torch); torchvision is not needed.
"""
import argparse, json, os, resource, statistics, sys, time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class BasicBlock(nn.Module):
    def __init__(self, inplanes, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = None
        if stride != 1 or inplanes != planes:
            self.downsample = nn.Sequential(nn.Conv2d(inplanes, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.downsample is None else self.downsample(x)))


class ResNet(nn.Module):
    def __init__(self, blocks, num_classes):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        inplanes, layers = 64, []
        for i, (planes, count) in enumerate(zip([64, 128, 256, 512], blocks)):
            stage = []
            for b in range(count):
                stage.append(BasicBlock(inplanes, planes, (1 if i == 0 else 2) if b == 0 else 1))
                inplanes = planes
            layers.append(nn.Sequential(*stage))
        self.layer1, self.layer2, self.layer3, self.layer4 = layers
        self.fc = nn.Linear(512, num_classes)

    def forward(self, x):
        y = self.maxpool(F.relu(self.bn1(self.conv1(x))))
        y = self.layer4(self.layer3(self.layer2(self.layer1(y))))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(y, 1), 1))


def load_exported(model, folder):
    with open(os.path.join(folder, "manifest.json")) as f:
        manifest = json.load(f)
    raw = np.fromfile(os.path.join(folder, "weights.f32"), dtype="<f4")
    state = model.state_dict()
    loaded = 0
    for name, entry in manifest["tensors"].items():
        count = int(np.prod(entry["shape"])) if entry["shape"] else 1
        values = raw[entry["offset"]:entry["offset"] + count].reshape(entry["shape"])
        if name not in state or list(state[name].shape) != entry["shape"]:
            sys.exit(f"exported tensor {name} {entry['shape']} does not fit the peer model")
        state[name].copy_(torch.from_numpy(values.copy()))
        loaded += 1
    return loaded


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--weights", required=True, help="folder with manifest.json and weights.f32 from tg bench")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--image-size", type=int, default=224)
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    with open(os.path.join(a.weights, "manifest.json")) as f:
        blocks = json.load(f)["blocks"]
    model = ResNet(blocks, 10)
    loaded = load_exported(model, a.weights)
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    x = torch.rand(a.batch_size, 3, a.image_size, a.image_size) * 255 - 115
    y = torch.randint(0, 10, (a.batch_size,))
    times, losses = [], []
    for i in range(a.warmup + a.steps):
        start = time.perf_counter()
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        value = loss.item()
        elapsed = time.perf_counter() - start
        losses.append(value)
        if i >= a.warmup:
            times.append(elapsed)
    median = statistics.median(times)
    print(json.dumps({
        "Variant": "pytorch", "BatchSize": a.batch_size, "ImageSize": a.image_size, "Steps": a.steps,
        "MedianStepSeconds": median, "ImagesPerSecond": a.batch_size / median,
        "PeakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        "FirstLoss": losses[0], "LastLoss": losses[-1], "Threads": torch.get_num_threads(),
        "TorchVersion": torch.__version__, "LoadedTensors": loaded,
    }))


if __name__ == "__main__":
    main()
