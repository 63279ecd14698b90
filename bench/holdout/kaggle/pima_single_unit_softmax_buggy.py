# Pima Indians Diabetes - Keras baseline
import numpy as np
import pandas as pd
from sklearn.preprocessing import StandardScaler
from sklearn.model_selection import train_test_split
import tensorflow as tf
from tensorflow import keras

df = pd.read_csv("/kaggle/input/pima-indians-diabetes-database/diabetes.csv")
df.describe()

features = df.drop("Outcome", axis=1).values
target = df["Outcome"].values

x_tr, x_te, y_tr, y_te = train_test_split(features, target, test_size=0.2, stratify=target)
sc = StandardScaler()
x_tr = sc.fit_transform(x_tr)
x_te = sc.transform(x_te)

tf.random.set_seed(42)
clf = keras.Sequential([
    keras.layers.Dense(16, activation="relu", input_dim=8),
    keras.layers.Dense(8, activation="relu"),
    keras.layers.Dense(1, activation="softmax"),
])
clf.compile(loss="binary_crossentropy", optimizer=keras.optimizers.Adam(learning_rate=1e-3), metrics=["accuracy"])
clf.fit(x_tr, y_tr, epochs=150, batch_size=10, validation_split=0.15)
loss, acc = clf.evaluate(x_te, y_te)
print(f"test accuracy: {acc:.3f}")
