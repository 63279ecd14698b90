"""The canonical vocabulary (nncheck's src/model/vocabulary.ts and vocabulary-torch.ts), exported as
vocabulary.json beside this file: Keras and PyTorch names map to the same canonical kinds the checks read."""

import json
import os
import re

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "vocabulary.json"), encoding="utf-8") as _file:
    VOCABULARY = json.load(_file)

_BACKWARD = re.compile(r"Backward\d*$")


def keras_layer_kind(class_name):
    return VOCABULARY["layers"]["keras"].get(class_name, "unknown")


def torch_layer_kind(class_name):
    return VOCABULARY["layers"]["torch"].get(class_name, "unknown")


def activation_of_kind(kind):
    """The activation a layer kind stands for (ReLU, Softmax layers), or None."""
    return VOCABULARY["layers"]["activationOfKind"].get(kind)


def elementwise_activation(kind):
    """Whether an activation is applied value by value (ReLU, sigmoid, GELU...; not softmax, which reads whole
    rows): applied to a subsample of its input, it gives the same subsample of its output."""
    return not VOCABULARY["activations"]["facts"].get(kind, {}).get("rowwise", False)


def keras_activation(name):
    return VOCABULARY["activations"]["keras"].get(name)


def torch_activation_module(class_name):
    return VOCABULARY["activations"]["torchModules"].get(class_name)


def node_base(node):
    """An autograd node's name without its `Backward<n>` suffix (ReluBackward0 -> Relu)."""
    return _BACKWARD.sub("", type(node).__name__)


def torch_activation_node(base):
    return VOCABULARY["activations"]["torchNodes"].get(base)


def keras_loss(name):
    return VOCABULARY["losses"]["keras"].get(name)


def torch_loss_module(class_name):
    return VOCABULARY["losses"]["torchModules"].get(class_name)


def torch_loss_node(base):
    return VOCABULARY["losses"]["torchNodes"].get(base)


def loss_problem(kind):
    return VOCABULARY["losses"]["problem"].get(kind)


def loss_expects(kind):
    return VOCABULARY["losses"]["expects"].get(kind)


def keras_optimizer(name):
    return VOCABULARY["optimizers"]["keras"].get(name, "unknown")


def torch_optimizer(name):
    return VOCABULARY["optimizers"]["torch"].get(name, "unknown")


def value_preserving(kind):
    """Whether a layer kind passes values through unchanged, up to dropout noise and layout."""
    return kind in VOCABULARY["layers"]["valuePreserving"]


def learns(kind):
    return kind in VOCABULARY["layers"]["learns"]


def task_of(loss, layers):
    """Classification with C classes when the loss says so (C from the output layer's width)."""
    if not loss:
        return None
    problem = loss_problem(loss)
    if problem == "regression":
        return {"kind": "regression"}
    if problem in (None, "other"):
        return None
    task = {"kind": "classification"}
    width = layers[-1]["outputShape"][-1] if layers and layers[-1].get("outputShape") else None
    if isinstance(width, int):
        task["classes"] = 2 if loss == "binary_crossentropy" and width == 1 else width
    return task
