"""Follows the concise multilayer perceptron of "Dive into Deep Learning" (d2l-ai/d2l-en, chapter "Multilayer
Perceptrons", PyTorch version): Fashion-MNIST images as tensors in [0, 1], nn.Sequential flatten - Linear 256 -
ReLU - Linear 10 with weights drawn from N(0, 0.01) and zero biases, per-sample cross-entropy
(reduction="none") averaged before backward, SGD at learning rate 0.1, batches of 256, 10 epochs, accuracy on
the test set after each epoch (the book's train_ch3 loop, written out). The Fashion-MNIST download is
replaced by seeded synthetic glyphs of the same layout (ten classes of 28x28 images, synthetic.py) in a
TensorDataset, with 6000 training and 1000 test images instead of 60000 and 10000."""

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from synthetic import glyphs

torch.manual_seed(0)


def load_data(batch_size):
    def dataset(n, seed):
        images, labels = glyphs(n, seed=seed, template_seed=1, strokes=6, width=3.0)
        return TensorDataset(torch.from_numpy(images).float().div(255).unsqueeze(1), torch.from_numpy(labels))

    return (
        DataLoader(dataset(6000, seed=11), batch_size=batch_size, shuffle=True),
        DataLoader(dataset(1000, seed=12), batch_size=batch_size, shuffle=False),
    )


net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))


def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, std=0.01)


net.apply(init_weights)

batch_size, lr, num_epochs = 256, 0.1, 10
loss = nn.CrossEntropyLoss(reduction="none")
trainer = torch.optim.SGD(net.parameters(), lr=lr)
train_iter, test_iter = load_data(batch_size)


def accuracy(y_hat, y):
    return (y_hat.argmax(axis=1) == y).float().sum().item()


def evaluate_accuracy(net, data_iter):
    net.eval()
    correct, total = 0.0, 0
    with torch.no_grad():
        for X, y in data_iter:
            correct += accuracy(net(X), y)
            total += y.numel()
    return correct / total


for epoch in range(num_epochs):
    net.train()
    loss_sum, correct, total = 0.0, 0.0, 0
    for X, y in train_iter:
        y_hat = net(X)
        l = loss(y_hat, y)
        trainer.zero_grad()
        l.mean().backward()
        trainer.step()
        loss_sum += l.sum().item()
        correct += accuracy(y_hat, y)
        total += y.numel()
    test_acc = evaluate_accuracy(net, test_iter)
    print("epoch %d, loss %.3f, train acc %.3f, test acc %.3f" % (epoch + 1, loss_sum / total, correct / total, test_acc))
