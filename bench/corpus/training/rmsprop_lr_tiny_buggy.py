import numpy as np
from keras.models import Sequential
from keras.layers import Dense
from keras.optimizers import RMSprop

X = np.loadtxt("pima.csv", delimiter=",", usecols=range(8))
y = np.loadtxt("pima.csv", delimiter=",", usecols=8)
X = (X - X.mean(axis=0)) / X.std(axis=0)

model = Sequential()
model.add(Dense(12, input_dim=8, activation="relu"))
model.add(Dense(8, activation="relu"))
model.add(Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer=RMSprop(lr=1e-8), metrics=["accuracy"])
model.fit(X, y, epochs=150, batch_size=10, validation_split=0.2)

model.summary()
model.save_weights("checkpoints/rmsprop_lr_tiny.weights.h5")
print("saved weights for rmsprop_lr_tiny")
