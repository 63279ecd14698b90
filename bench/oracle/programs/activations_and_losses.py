"""Oracle probe: activation spellings and loss spellings, strings and objects."""
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

spellings = ["relu", "relu6", "elu", "selu", "gelu", "swish", "silu", "softplus", "softsign", "tanh",
             "sigmoid", "hard_sigmoid", "exponential", "linear", "leaky_relu", "mish", "log_softmax"]

acts = keras.Sequential([keras.Input(shape=(4,))] + [layers.Dense(4, activation=a) for a in spellings] + [
    layers.Dense(4, activation=tf.nn.relu),
    layers.Dense(4, activation=tf.nn.softmax),
    layers.Dense(4, activation=keras.activations.tanh),
    layers.Dense(3, activation=None),
])
acts.compile(optimizer="adam", loss="kld")

losses = [
    "mse", "mae", "mape", "msle", "huber", "log_cosh", "poisson", "hinge", "squared_hinge",
    "categorical_hinge", "cosine_similarity", "binary_focal_crossentropy",
    keras.losses.BinaryCrossentropy(from_logits=True),
    keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    keras.losses.CategoricalCrossentropy(label_smoothing=0.1),
    keras.losses.Huber(delta=2.0),
    keras.losses.categorical_crossentropy,
]

for loss in losses:
    probe = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(2, activation="softmax")])
    probe.compile(optimizer="sgd", loss=loss)
    probe.fit(tf.zeros((4, 3)), tf.zeros((4, 2)), epochs=1, verbose=0)
