"""Small, seeded PyTorch trainings, faulty and clean, each recorded by the probe to its own trace.

Usage: python torch_scenarios.py OUT_DIR [NAME...]   (every scenario when no name is given)
Writes OUT_DIR/<name>.jsonl per training and prints {name: seconds} as JSON. One process runs them all:
importing the framework is the expensive part. The trainings are plain PyTorch loops; the probe sees them
through the same hooks `nncheck watch` preloads.
"""

import io
import json
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

import nncheck_probe
from scenario_runner import run_scenarios  # (this folder)

torch.set_num_threads(1)

CLASSES = 4
# Clean trainings run 10 epochs of 32 steps (no alarm over a few hundred steps); faults show within 5.
FAULT_EPOCHS = 5
# Where the scenarios that check the recorded losses write the ones they computed (set by main).
OUT = "."


def write_losses(name, losses):
    with open(os.path.join(OUT, name + ".losses.json"), "w") as f:
        json.dump(losses, f)


def seeded(seed=0):
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)


def tabular(n=1024, features=20, generator=None):
    """Features ~ N(0, 1); the class is the arg-max of a fixed linear map (learnable, balanced enough)."""
    x = torch.randn(n, features, generator=generator)
    w = torch.randn(features, CLASSES, generator=generator)
    return x, (x @ w).argmax(dim=1)


def regression(n=1024, features=20, generator=None):
    x = torch.randn(n, features, generator=generator)
    w = torch.randn(features, 1, generator=generator) / features**0.5
    y = x @ w + 0.1 * torch.randn(n, 1, generator=generator)
    return x, (y - y.mean()) / y.std()


def images(n=1024, generator=None):
    """12×12 single-channel images: the class is which quadrant is brighter."""
    x = 0.3 * torch.randn(n, 1, 12, 12, generator=generator)
    y = torch.randint(0, CLASSES, (n,), generator=generator)
    for c in range(CLASSES):
        r, q = divmod(c, 2)
        x[y == c, :, r * 6 : r * 6 + 6, q * 6 : q * 6 + 6] += 1.0
    return x, y


def sequences(n=640, steps=10, features=4, generator=None):
    """The class is whether the first feature's sum over time is positive."""
    x = torch.randn(n, steps, features, generator=generator)
    return x, (x[:, :, 0].sum(dim=1) > 0).long()


def loader(x, y, batch=32, generator=None):
    return torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=batch, shuffle=True, generator=generator)


def fit(model, data, optimizer, loss_fn, epochs, after_step=None):
    model.train()
    for _ in range(epochs):
        for xb, yb in data:
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            if after_step is not None:
                after_step()


class ByHand:
    """Takes an optimizer's place in `fit` with no torch.optim: the loop zeroes and updates the parameters
    itself, as pytorch/examples' language model trains by default."""

    def __init__(self, model, learning_rate):
        self.model = model
        self.learning_rate = learning_rate

    def zero_grad(self):
        self.model.zero_grad()

    def step(self):
        for param in self.model.parameters():
            param.data.add_(param.grad, alpha=-self.learning_rate)


def mlp(features=20, hidden=64, out=CLASSES, depth=1, activation=nn.ReLU):
    layers, width = [], features
    for _ in range(depth):
        layers += [nn.Linear(width, hidden), activation()]
        width = hidden
    layers.append(nn.Linear(width, out))
    return nn.Sequential(*layers)


class FunctionalMlp(nn.Module):
    """An MLP whose activation is a functional call (F.relu), as many programs write it."""

    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(20, 64)
        self.out = nn.Linear(64, CLASSES)

    def forward(self, x):
        return self.out(F.relu(self.hidden(x)))


class SmallCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3)
        self.pool = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(8, 16, 3)
        self.flatten = nn.Flatten()
        self.head = nn.Linear(16 * 3 * 3, CLASSES)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        return self.head(self.flatten(F.relu(self.conv2(x))))


class Recurrent(nn.Module):
    def __init__(self, cell, log_probabilities=False):
        super().__init__()
        self.rnn = cell(4, 16, batch_first=True)
        self.head = nn.Linear(16, 2)
        self.log_probabilities = log_probabilities

    def forward(self, x):
        out, _ = self.rnn(x)
        logits = self.head(out[:, -1])
        # As language models write it: log-probabilities over the last axis (a negative dim), for NLLLoss.
        return F.log_softmax(logits, dim=-1) if self.log_probabilities else logits


# ------------------------------------------------------------------------------------------ clean


def classify_tabular(build, seed, epochs, optimizer=lambda model: torch.optim.Adam(model.parameters(), 1e-3)):
    """Trains the model `build` makes (after seeding) on tabular() with cross-entropy."""
    g = seeded(seed)
    x, y = tabular(generator=g)
    model = build()
    fit(model, loader(x, y, generator=g), optimizer(model), nn.CrossEntropyLoss(), epochs)


def clean_mlp():
    classify_tabular(FunctionalMlp, 1, 10)


class ActivationModules(nn.Module):
    """A ReLU module right after the Linear it activates (one record's statistics for both: the same values),
    and another ReLU module applied to a shifted copy of a functional ReLU's output (its own statistics)."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(20, 32)
        self.act1 = nn.ReLU()
        self.fc2 = nn.Linear(32, 32)
        self.act2 = nn.ReLU()
        self.head = nn.Linear(32, CLASSES)

    def forward(self, x):
        h = self.act1(self.fc1(x))
        g = F.relu(self.fc2(h))
        return self.head(self.act2(g - 0.5))


def activation_modules():
    classify_tabular(ActivationModules, 31, 2)


class PassedThrough(nn.Module):
    """Dropout and Flatten modules: one after a functional ReLU (its output not recorded: the ReLU's values up
    to dropout noise), one before a functional ReLU (recorded with the ReLU applied: the only record of that
    activation), and a Flatten that is the model's output (recorded: the output checks read it)."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(20, 32)
        self.drop1 = nn.Dropout(0.2)
        self.fc2 = nn.Linear(32, 32)
        self.drop2 = nn.Dropout(0.2)
        self.head = nn.Linear(32, CLASSES)
        self.flat = nn.Flatten()

    def forward(self, x):
        h = self.drop1(F.relu(self.fc1(x)))
        h = F.relu(self.drop2(self.fc2(h)))
        return self.flat(self.head(h))


def passed_through():
    classify_tabular(PassedThrough, 33, 2)


class WideLogSoftmax(nn.Module):
    """A head of 5,000 outputs under F.log_softmax: wider than the statistics' subsample, which then keeps
    every other value of a row. Log-softmax reads whole rows: it must be applied to the whole output."""

    def __init__(self):
        super().__init__()
        self.head = nn.Linear(20, 5000)

    def forward(self, x):
        return F.log_softmax(self.head(x), dim=-1)


def wide_log_softmax():
    g = seeded(32)
    x, y = tabular(n=128, generator=g)
    model = WideLogSoftmax()
    fit(model, loader(x, y, generator=g), torch.optim.SGD(model.parameters(), 1e-3), nn.NLLLoss(), 3)


def clean_multihot():
    """Sparse multi-hot inputs (bags of words): most rows of the first kernel's gradient are zero at every
    step, while its units are alive."""
    g = seeded(11)
    x = (torch.rand(1024, 1000, generator=g) < 0.006).float()
    y = (x[:, :500].sum(dim=1) > x[:, 500:].sum(dim=1)).long()
    model = mlp(features=1000, hidden=16, out=2)
    fit(model, loader(x, y, generator=g), torch.optim.RMSprop(model.parameters(), 1e-3), nn.CrossEntropyLoss(), 4)


def clean_cnn():
    g = seeded(2)
    x, y = images(generator=g)
    model = SmallCnn()
    fit(model, loader(x, y, generator=g), torch.optim.Adam(model.parameters(), 1e-3), nn.CrossEntropyLoss(), 10)


def clean_lstm():
    g = seeded(3)
    x, y = sequences(generator=g)
    model = Recurrent(nn.LSTM)
    fit(model, loader(x, y, generator=g), torch.optim.Adam(model.parameters(), 3e-3), nn.CrossEntropyLoss(), 10)


def clean_gru():
    g = seeded(4)
    x, y = sequences(generator=g)
    model = Recurrent(nn.GRU, log_probabilities=True)
    fit(model, loader(x, y, generator=g), torch.optim.Adam(model.parameters(), 3e-3), nn.NLLLoss(), 10)


class Attention(nn.Module):
    """One Transformer encoder layer over the sequence, mean-pooled: nn.MultiheadAttention's in_proj_bias
    starts at zero by design."""

    def __init__(self, features=4, width=16):
        super().__init__()
        self.embed = nn.Linear(features, width)
        self.encoder = nn.TransformerEncoderLayer(width, nhead=2, dim_feedforward=32, dropout=0.0, batch_first=True)
        self.out = nn.Linear(width, 2)

    def forward(self, x):
        return self.out(self.encoder(self.embed(x)).mean(dim=1))


def clean_attention():
    g = seeded(22)
    x, y = sequences(generator=g)
    model = Attention()
    fit(model, loader(x, y, generator=g), torch.optim.Adam(model.parameters(), 3e-3), nn.CrossEntropyLoss(), 6)


def clean_binary():
    """A binary classifier ending in an nn.Sigmoid module, trained until confident: its output saturates by
    design, and the linear layer before the module holds that output too."""
    g = seeded(6)
    x = torch.randn(1024, 20, generator=g)
    y = (x[:, :10].sum(dim=1) > 0).float().unsqueeze(1)
    model = nn.Sequential(nn.Linear(20, 32), nn.ReLU(), nn.Linear(32, 1), nn.Sigmoid())
    fit(model, loader(x, y, generator=g), torch.optim.Adam(model.parameters(), 1e-2), nn.BCELoss(), 10)


def clean_manual_sgd():
    g = seeded(12)
    x, y = tabular(generator=g)
    model = mlp()
    fit(model, loader(x, y, generator=g), ByHand(model, 0.1), nn.CrossEntropyLoss(), 10)


class ScratchMlp(nn.Module):
    """An MLP built from its parameters, as courses write it first (W1, b1, W2, b2; the biases at zero, the
    kernels at 0.03 of a normal): b1 and b2 are biases, whose relative updates start large (D206 judged them as kernels before)."""

    def __init__(self, features=20, hidden=64, out=CLASSES, sigma=0.03):
        super().__init__()
        self.W1 = nn.Parameter(torch.randn(features, hidden) * sigma)
        self.b1 = nn.Parameter(torch.zeros(hidden))
        self.W2 = nn.Parameter(torch.randn(hidden, out) * sigma)
        self.b2 = nn.Parameter(torch.zeros(out))

    def forward(self, x):
        return F.relu(x @ self.W1 + self.b1) @ self.W2 + self.b2


def clean_scratch_mlp():
    classify_tabular(ScratchMlp, 34, 10, lambda model: torch.optim.SGD(model.parameters(), 0.1))


class PlainTensorRegression(nn.Module):
    """A linear regression whose trainable tensors are plain attributes, not nn.Parameters (as Dive into Deep
    Learning's regressions from scratch hold them): the module has no parameters of its own."""

    def __init__(self, features=20):
        super().__init__()
        self.w = torch.normal(0.0, 0.01, (features, 1), requires_grad=True)
        self.b = torch.zeros(1, requires_grad=True)

    def forward(self, x):
        return x @ self.w + self.b


def plain_tensor_module(seed=35, epochs=3):
    """Trained by hand as that book's Trainer does: backward and update under torch.no_grad."""
    g = seeded(seed)
    x, y = regression(generator=g)
    model = PlainTensorRegression()
    for _ in range(epochs):
        for xb, yb in loader(x, y, generator=g):
            loss = ((model(xb) - yb.reshape(-1, 1)) ** 2).mean() / 2
            for tensor in (model.w, model.b):
                if tensor.grad is not None:
                    tensor.grad.zero_()
            with torch.no_grad():
                loss.backward()
                for tensor in (model.w, model.b):
                    tensor -= 0.03 * tensor.grad


class OverriddenParameters(PlainTensorRegression):
    """parameters() overridden without its arguments, returning the plain tensors (as Dive into Deep Learning's
    softmax regression from scratch does)."""

    def parameters(self):
        return [self.w, self.b]


def overridden_parameters():
    g = seeded(39)
    x, y = regression(generator=g)
    model = OverriddenParameters()
    for _ in range(2):
        for xb, yb in loader(x, y, generator=g):
            loss = ((model(xb) - yb.reshape(-1, 1)) ** 2).mean() / 2
            for tensor in model.parameters():
                if tensor.grad is not None:
                    tensor.grad.zero_()
            loss.backward()
            with torch.no_grad():
                for tensor in model.parameters():
                    tensor -= 0.03 * tensor.grad


def successive_plain_tensor_modules():
    """Two such modules trained by hand one after the other, then an nn.Linear by an optimizer (the book's weight
    decay chapter): three trainings, not the first one's tensors left unchanged."""
    plain_tensor_module(36, 2)
    plain_tensor_module(37, 2)
    g = seeded(38)
    x, y = regression(generator=g)
    model = nn.Linear(20, 1)
    fit(model, loader(x, y, generator=g), torch.optim.SGD(model.parameters(), 0.03), nn.MSELoss(), 2)


def saves_whole_model(by_hand=False):
    """torch.save(model) after every step (pytorch/examples' language model pickles its whole model):
    nothing the probe adds may be pickled with it."""
    g = seeded(19)
    x, y = tabular(generator=g)
    model = mlp()
    optimizer = ByHand(model, 0.05) if by_hand else torch.optim.SGD(model.parameters(), 0.05)
    fit(model, loader(x, y, generator=g), optimizer, nn.CrossEntropyLoss(), 2, lambda: torch.save(model, io.BytesIO()))


def saves_whole_model_by_hand():
    saves_whole_model(by_hand=True)


def input_gradients():
    """Saliency: the loss's gradients with respect to the inputs of a model nobody updates. Not a training."""
    g = seeded(13)
    x, y = tabular(generator=g)
    model = mlp()
    loss_fn = nn.CrossEntropyLoss()
    for xb, yb in loader(x, y, generator=g):
        xb.requires_grad_(True)
        loss_fn(model(xb), yb).backward()
        assert xb.grad is not None
        model.zero_grad()


def clean_single_layer():
    """The model is one nn.Linear, trained by hand (pytorch/examples' regression): its layer needs a name."""
    g = seeded(15)
    x, y = regression(generator=g)
    model = nn.Linear(20, 1)
    fit(model, loader(x, y, generator=g), ByHand(model, 0.05), nn.MSELoss(), 10)


def compiled(model):
    """torch.compile's wrapper, on the eager backend: Dynamo's tracing, which meets the probe's global hooks,
    without a C++ toolchain."""
    torch._dynamo.reset()
    torch._dynamo.utils.counters.clear()
    return torch.compile(model, backend="eager")


def write_compilations(name):
    counters = torch._dynamo.utils.counters
    write_losses(name + ".dynamo", {"graphBreaks": sum(counters["graph_break"].values()), "graphs": counters["stats"]["unique_graphs"]})


def clean_compiled():
    """A model compiled with torch.compile: the probe's hooks must not be traced into its graph."""
    g = seeded(20)
    x, y = tabular(generator=g)
    model = mlp()
    fit(compiled(model), loader(x, y, generator=g), torch.optim.Adam(model.parameters(), 1e-3), nn.CrossEntropyLoss(), 10)
    write_compilations("clean_compiled")


def compiled_dead_relu():
    """The hidden layer's bias at −10 in a compiled model: its ReLUs never fire."""
    g = seeded(21)
    x, y = tabular(generator=g)
    model = mlp()
    nn.init.constant_(model[0].bias, -10.0)
    fit(compiled(model), loader(x, y, generator=g), torch.optim.Adam(model.parameters(), 1e-3), nn.CrossEntropyLoss(), FAULT_EPOCHS)


def successive_models():
    """Three models trained one after another, each with its own optimizer bound to the same name, with an
    evaluation between them (pytorch/tutorials' nn_tutorial): each run describes its own model."""
    g = seeded(22)
    x, y = tabular(generator=g)
    for _ in range(3):
        model = mlp()
        optimizer = torch.optim.SGD(model.parameters(), 0.1)
        with torch.no_grad():
            nn.CrossEntropyLoss()(model(x[:64]), y[:64])
        fit(model, loader(x, y, generator=g), optimizer, nn.CrossEntropyLoss(), 1)


def clean_regression():
    g = seeded(5)
    x, y = regression(generator=g)
    model = mlp(out=1, depth=3)
    fit(model, loader(x, y, generator=g), torch.optim.SGD(model.parameters(), 0.01), nn.MSELoss(), 10)


# ----------------------------------------------------------------------------------------- faults


def exploding():
    """clean_regression with its learning rate ×1000."""
    g = seeded(5)
    x, y = regression(generator=g)
    model = mlp(out=1, depth=3)
    fit(model, loader(x, y, generator=g), torch.optim.SGD(model.parameters(), 10.0), nn.MSELoss(), FAULT_EPOCHS)


def vanishing():
    """Ten stacked sigmoid layers."""
    g = seeded(6)
    x, y = tabular(generator=g)
    model = mlp(hidden=32, depth=10, activation=nn.Sigmoid)
    fit(model, loader(x, y, generator=g), torch.optim.SGD(model.parameters(), 0.01), nn.CrossEntropyLoss(), FAULT_EPOCHS)


def dead_relu():
    """The hidden layer's bias initialised to −10: its ReLUs never fire."""
    g = seeded(7)
    x, y = tabular(generator=g)
    model = FunctionalMlp()
    nn.init.constant_(model.hidden.bias, -10.0)
    fit(model, loader(x, y, generator=g), torch.optim.Adam(model.parameters(), 1e-3), nn.CrossEntropyLoss(), FAULT_EPOCHS)


def wide_kernel_few_dead():
    """A Linear(784, 64) kernel (stored [64, 784]: too large to read whole) whose output units 0, 13, 26, 39
    and 52 are dead (bias −10), the other 59 alive: the units a subsample of the kernel's rows kept."""
    g = seeded(21)
    x, y = tabular(n=512, features=784, generator=g)
    model = mlp(features=784)
    with torch.no_grad():
        model[0].bias[[0, 13, 26, 39, 52]] = -10.0
    fit(model, loader(x, y, generator=g), torch.optim.Adam(model.parameters(), 1e-3), nn.CrossEntropyLoss(), 3)


def manual_dead_relu():
    """The hidden layer's bias at −10, trained by hand."""
    g = seeded(14)
    x, y = tabular(generator=g)
    model = FunctionalMlp()
    nn.init.constant_(model.hidden.bias, -10.0)
    fit(model, loader(x, y, generator=g), ByHand(model, 0.1), nn.CrossEntropyLoss(), FAULT_EPOCHS)


def gan_alternating():
    """A GAN: the discriminator's step and the generator's alternate, each with its own optimizer and loss.
    The probe follows the discriminator; its steps' losses must be the discriminator's alone."""
    g = seeded(15)
    real = torch.randn(2048, 2, generator=g) * 0.5 + torch.tensor([2.0, -1.0])
    generator = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 2))
    discriminator = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 1))
    opt_d = torch.optim.Adam(discriminator.parameters(), 1e-3)
    opt_g = torch.optim.Adam(generator.parameters(), 1e-3)
    bce = nn.BCEWithLogitsLoss()
    d_losses = []
    for batch in real.split(32):
        # In DCGAN's order: the real batch's loss goes backward before the generator runs.
        opt_d.zero_grad()
        d_real = bce(discriminator(batch), torch.ones(len(batch), 1))
        d_real.backward()
        fake = generator(torch.randn(len(batch), 4, generator=g))
        d_fake = bce(discriminator(fake.detach()), torch.zeros(len(batch), 1))
        d_fake.backward()
        opt_d.step()
        d_losses.append(d_real.item() + d_fake.item())
        opt_g.zero_grad()
        bce(discriminator(fake), torch.ones(len(batch), 1)).backward()
        opt_g.step()
    write_losses("gan_alternating", d_losses)


class Gan(nn.Module):
    def __init__(self):
        super().__init__()
        self.generator = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 2))
        self.discriminator = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 1))

    def forward(self, z):
        return self.generator(z)


def gan_toggled():
    """A GAN in PyTorch Lightning's manual optimization: each optimizer's step turns the other model's
    gradients off (toggle_optimizer) and back on after. The generator steps first, so the probe follows it,
    while the discriminator it runs through does not require gradients: not a frozen layer of the model."""
    g = seeded(23)
    real = torch.randn(2048, 2, generator=g) * 0.5 + torch.tensor([2.0, -1.0])
    gan = Gan()  # one module holding both, called for the generator's output (as a LightningModule is)
    generator, discriminator = gan.generator, gan.discriminator
    opt_g = torch.optim.Adam(generator.parameters(), 1e-3)
    opt_d = torch.optim.Adam(discriminator.parameters(), 1e-3)
    bce = nn.BCEWithLogitsLoss()

    def toggle(model, on):
        for p in model.parameters():
            p.requires_grad_(on)

    for batch in real.split(32):
        toggle(discriminator, False)
        opt_g.zero_grad()
        fake = gan(torch.randn(len(batch), 4, generator=g))
        bce(discriminator(fake), torch.ones(len(batch), 1)).backward()
        opt_g.step()
        toggle(discriminator, True)
        toggle(generator, False)
        opt_d.zero_grad()
        d_loss = bce(discriminator(batch), torch.ones(len(batch), 1)) + bce(discriminator(fake.detach()), torch.zeros(len(batch), 1))
        d_loss.backward()
        opt_d.step()
        toggle(generator, True)


def two_optimizers_one_loss():
    """An encoder and a decoder, each with its own optimizer, stepped one after the other on one loss (as
    pytorch/tutorials' seq2seq translation trains): one training, not a game."""
    g = seeded(24)
    x, y = tabular(generator=g)
    encoder = nn.Sequential(nn.Linear(20, 32), nn.ReLU())
    decoder = nn.Linear(32, CLASSES)
    opt_e = torch.optim.Adam(encoder.parameters(), 1e-3)
    opt_d = torch.optim.Adam(decoder.parameters(), 1e-3)
    for _ in range(3):
        for xb, yb in loader(x, y, generator=g):
            opt_e.zero_grad()
            opt_d.zero_grad()
            F.cross_entropy(decoder(encoder(xb)), yb).backward()
            opt_e.step()
            opt_d.step()


def layerwise_optimizers():
    """Two layers trained one after the other, each by its own optimizer (as the forward-forward example
    does): two runs, the second starting when its optimizer has stepped alone for a while."""
    g = seeded(16)
    x, y = tabular(generator=g)
    first, second = nn.Linear(20, 32), nn.Linear(32, CLASSES)
    losses = []
    for layer, parameters in ((first, list(first.parameters()) + list(second.parameters())), (second, list(second.parameters()))):
        optimizer = torch.optim.Adam(parameters, 1e-3)
        for xb, yb in loader(x, y, generator=g):
            optimizer.zero_grad()
            loss = F.cross_entropy(second(F.relu(first(xb))), yb)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
    write_losses("layerwise_optimizers", losses)


def accumulated_gradients():
    """Gradients accumulated over two batches per optimizer step: a step's loss is both batches' sum."""
    g = seeded(17)
    x, y = tabular(generator=g)
    model = mlp()
    optimizer = torch.optim.SGD(model.parameters(), 0.05)
    losses, pending = [], 0.0
    optimizer.zero_grad()
    for i, (xb, yb) in enumerate(loader(x, y, generator=g)):
        loss = F.cross_entropy(model(xb), yb)
        loss.backward()
        pending += loss.item()
        if i % 2 == 1:
            optimizer.step()
            optimizer.zero_grad()
            losses.append(pending)
            pending = 0.0
    write_losses("accumulated_gradients", losses)


def closure_steps(by_closure=True):
    """clean_mlp's training, each step given a closure that runs the forward and backward passes inside
    `optimizer.step(closure)` (PyTorch Lightning's automatic optimization steps so)."""
    g = seeded(1)
    x, y = tabular(generator=g)
    model = FunctionalMlp()
    optimizer = torch.optim.Adam(model.parameters(), 1e-3)
    loss_fn = nn.CrossEntropyLoss()
    for _ in range(3):
        for xb, yb in loader(x, y, generator=g):

            def closure():
                optimizer.zero_grad()
                loss = loss_fn(model(xb), yb)
                loss.backward()
                return loss

            if by_closure:
                optimizer.step(closure=closure)
            else:
                closure()
                optimizer.step()


def closure_steps_twin():
    """closure_steps without the closure: the same trace is expected."""
    closure_steps(by_closure=False)


def lbfgs_steps():
    """LBFGS evaluates its closure several times a step: the step's loss is the first evaluation's, as
    step returns it."""
    g = seeded(18)
    x, y = regression(generator=g)
    model = mlp(out=1)
    optimizer = torch.optim.LBFGS(model.parameters(), lr=0.1, max_iter=3)
    losses = []
    for xb, yb in loader(x, y, batch=128, generator=g):

        def closure():
            optimizer.zero_grad()
            loss = F.mse_loss(model(xb), yb)
            loss.backward()
            return loss

        losses.append(float(optimizer.step(closure)))
    write_losses("lbfgs_steps", losses)


def bare_tensors_by_hand():
    """A cubic fitted by hand to sin(x) over four bare leaf tensors, with no nn.Module and no optimizer (as
    pytorch/tutorials' autograd examples do). Followed from its second iteration, as loops over a module are."""
    g = seeded(20)
    x = torch.linspace(-math.pi, math.pi, 500)
    y = torch.sin(x)
    weights = torch.randn(4, generator=g, requires_grad=True)
    bias = torch.zeros((), requires_grad=True)
    losses = []
    for _ in range(300):
        y_pred = bias + weights[0] * x + weights[1] * x**2 + weights[2] * x**3 + weights[3] * torch.tanh(x)
        loss = (y_pred - y).pow(2).mean()
        loss.backward()
        losses.append(loss.item())
        with torch.no_grad():
            weights -= 1e-3 * weights.grad
            bias -= 1e-3 * bias.grad
            weights.grad = None
            bias.grad = None
    write_losses("bare_tensors_by_hand", losses)


def mixed_precision():
    """Mixed precision as CUDA programs train (autocast, GradScaler), on the CPU: the loss goes backward scaled,
    and the first steps overflow (a scale of 2^127 on a loss of about 6) and are skipped while the scale halves.
    The recorded losses must be the steps' own, unscaled, skipped iterations left out."""
    g = seeded(19)
    x, y = tabular(generator=g)
    model = mlp()
    optimizer = torch.optim.SGD(model.parameters(), 0.05)
    scaler = torch.amp.GradScaler("cpu", init_scale=2.0**127)
    losses = []
    for xb, yb in loader(x, y, generator=g):
        optimizer.zero_grad()
        with torch.autocast("cpu", dtype=torch.bfloat16):
            loss = F.cross_entropy(model(xb), yb) * 4
        scaler.scale(loss).backward()
        scale = scaler.get_scale()
        scaler.step(optimizer)
        scaler.update()
        if scaler.get_scale() >= scale:  # not skipped
            losses.append(loss.item())
    write_losses("mixed_precision", losses)


def evaluate_sum(model, x, y):
    """pytorch/examples' MNIST test loop: batch losses summed (reduction="sum") under torch.no_grad, over the
    number of samples."""
    model.eval()
    total = 0.0
    with torch.no_grad():
        for xb, yb in loader(x, y, batch=100):
            total += F.cross_entropy(model(xb), yb, reduction="sum").item()
    model.train()
    return total / len(x)


class LossInForward(nn.Module):
    """A model that computes its loss in its forward, as torchvision's detection models do."""

    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(20, 32)
        self.out = nn.Linear(32, CLASSES)

    def forward(self, x, y):
        return F.cross_entropy(self.out(F.relu(self.hidden(x))), y)


def scripted_loss_in_forward():
    """The model compiled by TorchScript, whose compiler reads torch.nn.functional's losses from their
    source: the probe's hook on them must leave them compilable."""
    g = seeded(27)
    x, y = tabular(n=512, generator=g)
    model = torch.jit.script(LossInForward())
    optimizer = torch.optim.SGD(model.parameters(), 0.1)
    for xb, yb in loader(x, y, generator=g):
        optimizer.zero_grad()
        model(xb, yb).backward()
        optimizer.step()


class Conv1D(nn.Module):
    """Hugging Face Transformers' GPT-2 projection, written here: a dense layer whose weight is [in, out]."""

    __module__ = "transformers.pytorch_utils"

    def __init__(self, nf, nx):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(nx, nf) * 0.1)
        self.bias = nn.Parameter(torch.zeros(nf))

    def forward(self, x):
        return x @ self.weight + self.bias


class NewGELUActivation(nn.Module):
    """Transformers' GPT-2 GELU module (its tanh approximation), written here."""

    def forward(self, x):
        return F.gelu(x, approximate="tanh")


def transformers_style_mlp():
    """GPT-2's MLP block as Transformers writes it: Conv1D projections around NewGELUActivation."""
    g = seeded(28)
    x, y = tabular(generator=g)
    model = nn.Sequential(Conv1D(64, 20), NewGELUActivation(), nn.Linear(64, CLASSES))
    fit(model, loader(x, y, generator=g), torch.optim.Adam(model.parameters(), 1e-3), nn.CrossEntropyLoss(), 2)


def validated_each_epoch():
    """A loop that evaluates on held-out data after each epoch: each epoch's validation loss is recorded."""
    g = seeded(25)
    x, y = tabular(n=1280, generator=g)
    model = mlp()
    optimizer = torch.optim.Adam(model.parameters(), 1e-3)
    val_losses = []
    data = loader(x[:1024], y[:1024], generator=g)
    for _ in range(4):
        for xb, yb in data:
            optimizer.zero_grad()
            F.cross_entropy(model(xb), yb).backward()
            optimizer.step()
        val_losses.append(evaluate_sum(model, x[1024:], y[1024:]))
    write_losses("validated_each_epoch", val_losses)


def overfits():
    """32 training samples on a wide MLP, evaluated on held-out data after each epoch: the validation loss
    climbs while the training loss falls (D506)."""
    g = seeded(26)
    x, y = tabular(n=544, generator=g)
    model = mlp(hidden=256)
    optimizer = torch.optim.Adam(model.parameters(), 1e-2)
    data = loader(x[:32], y[:32], batch=8, generator=g)
    for _ in range(40):
        for xb, yb in data:
            optimizer.zero_grad()
            F.cross_entropy(model(xb), yb).backward()
            optimizer.step()
        evaluate_sum(model, x[32:], y[32:])


def zero_learning_rate():
    g = seeded(8)
    x, y = tabular(generator=g)
    model = mlp()
    fit(model, loader(x, y, generator=g), torch.optim.SGD(model.parameters(), 0.0), nn.CrossEntropyLoss(), FAULT_EPOCHS)


class PlainTensorScale(nn.Module):
    """Holds a tensor requiring gradients as a plain attribute instead of an nn.Parameter: parameters()
    leaves it out, and so does the optimizer built from it."""

    def __init__(self, hidden=64):
        super().__init__()
        self.hidden = nn.Linear(20, hidden)
        self.scale = torch.full((hidden,), 0.5, requires_grad=True)
        self.out = nn.Linear(hidden, CLASSES)

    def forward(self, x):
        return self.out(torch.relu(self.hidden(x)) * self.scale)


def untracked_tensor():
    g = seeded(31)
    x, y = tabular(generator=g)
    model = PlainTensorScale()
    fit(model, loader(x, y, generator=g), torch.optim.Adam(model.parameters(), 1e-3), nn.CrossEntropyLoss(), FAULT_EPOCHS)


class PlainListBlocks(nn.Module):
    """Hidden blocks in a plain Python list instead of an nn.ModuleList: PyTorch does not register them, so
    parameters() and the optimizer built from it leave them out."""

    def __init__(self, hidden=64):
        super().__init__()
        self.first = nn.Linear(20, hidden)
        self.blocks = [nn.Linear(hidden, hidden) for _ in range(2)]
        self.out = nn.Linear(hidden, CLASSES)

    def forward(self, x):
        x = torch.relu(self.first(x))
        for block in self.blocks:
            x = torch.relu(block(x))
        return self.out(x)


def modules_in_plain_list():
    g = seeded(32)
    x, y = tabular(generator=g)
    model = PlainListBlocks()
    fit(model, loader(x, y, generator=g), torch.optim.Adam(model.parameters(), 1e-3), nn.CrossEntropyLoss(), FAULT_EPOCHS)


def frozen_output():
    """The output layer frozen instead of the base (requires_grad False)."""
    g = seeded(9)
    x, y = tabular(generator=g)
    model = mlp()
    for p in model[-1].parameters():
        p.requires_grad_(False)
    fit(model, loader(x, y, generator=g), torch.optim.Adam([p for p in model.parameters() if p.requires_grad], 1e-3), nn.CrossEntropyLoss(), FAULT_EPOCHS)


def nan_inputs():
    """A few NaN features in the training data."""
    g = seeded(10)
    x, y = tabular(generator=g)
    x[::97, 3] = float("nan")
    model = mlp()
    fit(model, loader(x, y, generator=g), torch.optim.Adam(model.parameters(), 1e-3), nn.CrossEntropyLoss(), FAULT_EPOCHS)


def shuffled_labels():
    """Labels permuted at random: nothing to learn."""
    g = seeded(11)
    x, y = tabular(generator=g)
    y = y[torch.randperm(len(y), generator=g)]
    model = mlp()
    fit(model, loader(x, y, generator=g), torch.optim.Adam(model.parameters(), 1e-3), nn.CrossEntropyLoss(), 10)


def over_regularized():
    """An L2 penalty of 10 (coupled weight decay)."""
    g = seeded(12)
    x, y = tabular(generator=g)
    model = mlp()
    fit(model, loader(x, y, generator=g), torch.optim.Adam(model.parameters(), 1e-3, weight_decay=10.0), nn.CrossEntropyLoss(), FAULT_EPOCHS)


def one_output_cross_entropy():
    """pytorch/examples' DDP tutorial's training in one process (written here): a Linear(20, 1) trained by
    CrossEntropyLoss on float targets of one column. The log-softmax of one value is 0: the loss is 0 at
    every step, and the model never moves."""
    g = seeded(14)
    x = torch.rand(1024, 20, generator=g)
    y = torch.rand(1024, 1, generator=g)
    model = nn.Linear(20, 1)
    fit(model, loader(x, y, generator=g), torch.optim.SGD(model.parameters(), lr=1e-3), nn.CrossEntropyLoss(), FAULT_EPOCHS)


def sign_flipped():
    """A custom loop that steps up the gradient: the gradients' sign flipped before the update."""
    g = seeded(13)
    x, y = tabular(generator=g)
    model = mlp()
    optimizer = torch.optim.SGD(model.parameters(), 0.05)
    loss_fn = nn.CrossEntropyLoss()
    for _ in range(FAULT_EPOCHS):
        for xb, yb in loader(x, y, generator=g):
            optimizer.zero_grad()
            loss_fn(model(xb), yb).backward()
            for p in model.parameters():
                p.grad.neg_()
            optimizer.step()


def q_learning(target_moves=True, steps=600):
    """pytorch/tutorials' DQN in small (written here): a Q-network learns from transitions of a stand-in
    environment (reward 1 a step, an episode ending at random), against the values of its target network,
    a copy the optimizer does not train, soft-updated after each step; the Huber loss on the TD error grows
    with the values as they build up (0.05 to 0.29 while the values reach 11)."""
    g = seeded(41)
    policy = nn.Sequential(nn.Linear(4, 64), nn.ReLU(), nn.Linear(64, 2))
    target = nn.Sequential(nn.Linear(4, 64), nn.ReLU(), nn.Linear(64, 2))
    target.load_state_dict(policy.state_dict())
    optimizer = torch.optim.AdamW(policy.parameters(), lr=1e-2)
    states = torch.randn(4096, 4, generator=g)
    for _ in range(steps):
        index = torch.randint(0, 4096, (64,), generator=g)
        state, following = states[index], states[(index + 1) % 4096]
        action = torch.randint(0, 2, (64, 1), generator=g)
        going = (torch.rand(64, generator=g) > 0.03).float()
        with torch.no_grad():
            expected = 1.0 + 0.99 * going * target(following).max(1).values
        loss = nn.SmoothL1Loss()(policy(state).gather(1, action).squeeze(1), expected)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if target_moves:
            with torch.no_grad():
                for kept, trained in zip(target.parameters(), policy.parameters()):
                    kept.mul_(0.98).add_(trained, alpha=0.02)


def q_learning_fixed_target():
    """The same, its target network never updated: fixed targets, not moving ones."""
    q_learning(target_moves=False, steps=100)


SCENARIOS = {
    f.__name__: f
    for f in [
        q_learning,
        q_learning_fixed_target,
        clean_mlp,
        clean_cnn,
        clean_multihot,
        clean_lstm,
        clean_gru,
        clean_attention,
        clean_binary,
        clean_manual_sgd,
        activation_modules,
        passed_through,
        clean_scratch_mlp,
        plain_tensor_module,
        successive_plain_tensor_modules,
        overridden_parameters,
        wide_log_softmax,
        # Right after the input gradients: the GAN's first step must not count their losses.
        input_gradients,
        gan_alternating,
        gan_toggled,
        two_optimizers_one_loss,
        layerwise_optimizers,
        saves_whole_model,
        saves_whole_model_by_hand,
        accumulated_gradients,
        closure_steps,
        closure_steps_twin,
        lbfgs_steps,
        mixed_precision,
        bare_tensors_by_hand,
        validated_each_epoch,
        transformers_style_mlp,
        scripted_loss_in_forward,
        overfits,
        clean_regression,
        clean_single_layer,
        clean_compiled,
        compiled_dead_relu,
        successive_models,
        exploding,
        vanishing,
        dead_relu,
        wide_kernel_few_dead,
        manual_dead_relu,
        zero_learning_rate,
        untracked_tensor,
        modules_in_plain_list,
        frozen_output,
        nan_inputs,
        shuffled_labels,
        over_regularized,
        sign_flipped,
        one_output_cross_entropy,
    ]
}


def main():
    global OUT
    OUT = sys.argv[1]
    run_scenarios(SCENARIOS, OUT, sys.argv[2:])


if __name__ == "__main__":
    main()
