"""Follows the Boston housing regression of Chollet's "Deep Learning with Python" (chapter 3 / 4, "Predicting
house prices"): 13 features standardised with the training set's mean and standard deviation, an MLP
Dense 64 relu - Dense 64 relu - Dense 1, RMSprop, mean squared error with mean absolute error as metric, the
final model trained for 80 epochs in batches of 16 and evaluated on the test set (the book's K-fold search
for the epoch count is left out). The download is replaced by seeded synthetic rows of the same layout
(synthetic.py): 404 training and 102 test houses, prices in thousands of dollars."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
from keras import layers

from synthetic import housing

keras.utils.set_random_seed(1)

(train_data, train_targets), (test_data, test_targets) = housing(404, seed=1), housing(102, seed=2)

mean = train_data.mean(axis=0)
train_data -= mean
std = train_data.std(axis=0)
train_data /= std
test_data -= mean
test_data /= std


def build_model():
    model = keras.Sequential(
        [
            keras.Input(shape=(train_data.shape[1],)),
            layers.Dense(64, activation="relu"),
            layers.Dense(64, activation="relu"),
            layers.Dense(1),
        ]
    )
    model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
    return model


model = build_model()
model.fit(train_data, train_targets, epochs=80, batch_size=16, verbose=0)
test_mse_score, test_mae_score = model.evaluate(test_data, test_targets, verbose=0)
print("test MSE %.2f, test MAE %.2f (thousands of dollars)" % (test_mse_score, test_mae_score))
