"""Follows PyTorch's MNIST example (pytorch/examples, mnist/main.py): a network conv 32 - conv 64 - max pool -
dropout 0.25 - fc 128 - dropout 0.5 - fc 10 - log-softmax with ReLUs after both convolutions and the first fc
layer, negative log-likelihood, Adadelta at learning rate 1.0 decayed by 0.7 each epoch (StepLR), a custom
loop over DataLoader batches of 64 (test batches of 1000), inputs normalised with MNIST's mean and standard
deviation. torchvision's MNIST download is replaced by seeded synthetic glyphs of the same layout
(synthetic.py) in a TensorDataset, and the sizes are smaller (1280 training and 500 test images, 4 epochs instead of
60000, 10000 and 14) so that a run takes seconds on a small CPU."""

import argparse

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.optim.lr_scheduler import StepLR
from torch.utils.data import DataLoader, TensorDataset

from synthetic import glyphs


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(9216, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        x = self.dropout1(F.max_pool2d(x, 2))
        x = torch.flatten(x, 1)
        x = self.dropout2(F.relu(self.fc1(x)))
        return F.log_softmax(self.fc2(x), dim=1)


def train(args, model, loader, optimizer, epoch):
    model.train()
    for batch_idx, (data, target) in enumerate(loader):
        optimizer.zero_grad()
        loss = F.nll_loss(model(data), target)
        loss.backward()
        optimizer.step()
        if batch_idx % args.log_interval == 0:
            print("epoch %d [%d/%d] loss %.4f" % (epoch, batch_idx * len(data), len(loader.dataset), loss.item()))


def test(model, loader):
    model.eval()
    total, correct = 0.0, 0
    with torch.no_grad():
        for data, target in loader:
            output = model(data)
            total += F.nll_loss(output, target, reduction="sum").item()
            correct += output.argmax(dim=1).eq(target).sum().item()
    n = len(loader.dataset)
    print("test: average loss %.4f, accuracy %d/%d (%.0f%%)" % (total / n, correct, n, 100.0 * correct / n))


def dataset(n, seed):
    images, labels = glyphs(n, seed=seed)
    x = (torch.from_numpy(images).float().div(255).unsqueeze(1) - 0.1307) / 0.3081
    return TensorDataset(x, torch.from_numpy(labels))


def main():
    parser = argparse.ArgumentParser(description="MNIST-style convnet on synthetic glyphs")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--test-batch-size", type=int, default=1000)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--lr", type=float, default=1.0)
    parser.add_argument("--gamma", type=float, default=0.7)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--log-interval", type=int, default=10)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    train_loader = DataLoader(dataset(1280, seed=1), batch_size=args.batch_size, shuffle=True)
    test_loader = DataLoader(dataset(500, seed=2), batch_size=args.test_batch_size)

    model = Net()
    optimizer = optim.Adadelta(model.parameters(), lr=args.lr)
    scheduler = StepLR(optimizer, step_size=1, gamma=args.gamma)
    for epoch in range(1, args.epochs + 1):
        train(args, model, train_loader, optimizer, epoch)
        test(model, test_loader)
        scheduler.step()


if __name__ == "__main__":
    main()
