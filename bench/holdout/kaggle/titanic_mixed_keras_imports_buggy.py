# Titanic: Keras NN (imports copied from two different notebooks)
import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow.keras.models import Sequential
from keras.layers import Dense, Dropout
from tensorflow.keras.callbacks import EarlyStopping

train = pd.read_csv("/kaggle/input/titanic/train.csv")
train["Sex"] = train["Sex"].map({"male": 0, "female": 1})
train["Age"] = train["Age"].fillna(train["Age"].median())
train["Fare"] = np.log1p(train["Fare"])
cols = ["Pclass", "Sex", "Age", "SibSp", "Parch", "Fare"]
X = train[cols].values.astype("float32")
X = (X - X.mean(axis=0)) / X.std(axis=0)
y = train["Survived"].values

model = Sequential()
model.add(Dense(32, activation="relu", input_dim=len(cols)))
model.add(Dropout(0.2))
model.add(Dense(16, activation="relu"))
model.add(Dense(1, activation="sigmoid"))
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=200, batch_size=16, validation_split=0.2,
          callbacks=[EarlyStopping(patience=10, restore_best_weights=True)])
