import tensorflow as tf
from tensorflow.keras import layers, models

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
x_train = x_train.reshape(60000, 784).astype("float32") / 255.0
x_test = x_test.reshape(10000, 784).astype("float32") / 255.0

model = models.Sequential([
    layers.Reshape((28, 28, 3), input_shape=(784,)),
    layers.Conv2D(16, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=3, validation_data=(x_test, y_test))

history = model.history.history
for key in sorted(history):
    print(f"{key}: {history[key][-1]:.4f}")
model.save("mnist_reshape_three_channels.h5")
