"""Regression with Keras: Boston housing prices."""
from keras.datasets import boston_housing
from keras.models import Sequential
from keras.layers import Dense

(train_data, train_targets), (test_data, test_targets) = boston_housing.load_data()

mean = train_data.mean(axis=0)
std = train_data.std(axis=0)
train_data = (train_data - mean) / std
test_data = (test_data - mean) / std

model = Sequential()
model.add(Dense(64, activation="relu", input_shape=train_data.shape))
model.add(Dense(64, activation="relu"))
model.add(Dense(1))
model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
model.fit(train_data, train_targets, epochs=80, batch_size=16, validation_split=0.2, verbose=0)
print(model.evaluate(test_data, test_targets, verbose=0))
