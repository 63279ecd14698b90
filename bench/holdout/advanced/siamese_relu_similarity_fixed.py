"""Siamese network: are two signatures from the same writer?"""
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, Model

pairs_a = np.load("sig_pairs_a.npy").astype("float32") / 255.0   # (n, 64, 64, 1)
pairs_b = np.load("sig_pairs_b.npy").astype("float32") / 255.0
same = np.load("sig_same.npy").astype("float32")                 # (n,) 0/1


def embedding_net():
    inp = layers.Input(shape=(64, 64, 1))
    x = layers.Conv2D(32, 3, activation="relu")(inp)
    x = layers.MaxPooling2D()(x)
    x = layers.Conv2D(64, 3, activation="relu")(x)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dense(64, activation="relu")(x)
    return Model(inp, x, name="embedding")


embed = embedding_net()
in_a = layers.Input(shape=(64, 64, 1))
in_b = layers.Input(shape=(64, 64, 1))
diff = layers.Lambda(lambda t: tf.abs(t[0] - t[1]))([embed(in_a), embed(in_b)])
score = layers.Dense(1, activation="sigmoid")(diff)
siamese = Model([in_a, in_b], score)
siamese.compile(optimizer=tf.keras.optimizers.Adam(1e-4), loss="binary_crossentropy", metrics=["accuracy"])
siamese.fit([pairs_a, pairs_b], same, batch_size=64, epochs=20, validation_split=0.1)
