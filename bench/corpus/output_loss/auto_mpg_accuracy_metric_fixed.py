import pandas as pd
from tensorflow import keras
from tensorflow.keras import layers

COLS = ["mpg", "cylinders", "displacement", "horsepower", "weight", "acceleration", "model_year", "origin"]
df = pd.read_csv("auto-mpg.data", names=COLS, na_values="?", sep=" ", skipinitialspace=True).dropna()
train = df.sample(frac=0.8, random_state=0)
test = df.drop(train.index)

y_train = train.pop("mpg")
y_test = test.pop("mpg")
norm = layers.Normalization()
norm.adapt(train.values)

model = keras.Sequential([
    norm,
    layers.Dense(64, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(1),
])
model.compile(optimizer=keras.optimizers.Adam(0.001), loss="mean_absolute_error", metrics=["mse"])
model.fit(train.values, y_train.values, epochs=100, validation_split=0.2, verbose=0)
print(model.evaluate(test.values, y_test.values))
