import tensorflow as tf
from tensorflow import keras
import keras as standalone_keras

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0

inputs = keras.Input(shape=(32, 32, 3))
x = keras.layers.Conv2D(32, 3, activation="relu")(inputs)
x = keras.layers.MaxPooling2D()(x)
x = keras.layers.Conv2D(64, 3, activation="relu")(x)
x = keras.layers.GlobalAveragePooling2D()(x)
outputs = keras.layers.Dense(10, activation="softmax")(x)
model = keras.Model(inputs, outputs)

opt = standalone_keras.optimizers.Adam(learning_rate=1e-3)
stop = standalone_keras.callbacks.EarlyStopping(monitor="val_loss", patience=3)
model.compile(optimizer=opt, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=30, validation_split=0.1, callbacks=[stop])

model.summary()
model.save_weights("checkpoints/mixed_keras_optimizer_and_callbacks.weights.h5")
print("saved weights for mixed_keras_optimizer_and_callbacks")
