import numpy as np
import tensorflow as tf
from tensorflow.keras import layers

# spam detection on bag-of-words counts, log-scaled
counts = np.load("spam_counts.npy")
features = np.log1p(counts)
targets = np.load("spam_targets.npy")

inputs = tf.keras.Input(shape=(features.shape[1],))
h = layers.Dense(64, activation="relu")(inputs)
h = layers.Dense(32, activation="relu")(h)
logit = layers.Dense(1, activation="sigmoid")(h)
model = tf.keras.Model(inputs, logit)
model.compile(optimizer=tf.keras.optimizers.Adam(1e-3),
              loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
              metrics=[tf.keras.metrics.BinaryAccuracy(threshold=0.0)])
model.fit(features, targets, epochs=20, batch_size=64, validation_split=0.2)

import matplotlib.pyplot as plt

hist = model.history.history
plt.plot(hist["loss"], label="train")
if "val_loss" in hist:
    plt.plot(hist["val_loss"], label="validation")
plt.xlabel("epoch")
plt.ylabel("loss")
plt.legend()
plt.savefig("binary_sigmoid_with_from_logits_loss.png")
