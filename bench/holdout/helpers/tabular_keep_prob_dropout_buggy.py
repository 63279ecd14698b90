"""Churn prediction MLP; hyper-parameters ported from an old TF1 script."""
import numpy as np
import pandas as pd
from sklearn.preprocessing import StandardScaler
from sklearn.model_selection import train_test_split
from tensorflow import keras

KEEP_PROB = 0.8   # from the TF1 version: tf.nn.dropout(h, keep_prob=KEEP_PROB)
HIDDEN = (64, 64, 32)
LR = 1e-3

data = pd.read_csv("churn.csv")
X = pd.get_dummies(data.drop(columns=["customerID", "Churn"])).values.astype("float32")
y = (data["Churn"] == "Yes").astype("int32").values
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
scaler = StandardScaler().fit(X_train)
X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)


def build(n_features):
    inputs = keras.Input(shape=(n_features,))
    x = inputs
    for units in HIDDEN:
        x = keras.layers.Dense(units, activation="relu")(x)
        x = keras.layers.Dropout(KEEP_PROB)(x)
    outputs = keras.layers.Dense(1, activation="sigmoid")(x)
    return keras.Model(inputs, outputs)


model = build(X_train.shape[1])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=LR), loss="binary_crossentropy", metrics=["AUC"])
model.fit(X_train, y_train, validation_split=0.2, epochs=40, batch_size=64)
model.evaluate(X_test, y_test)
