import tensorflow as tf
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
x_train = x_train[..., None].astype("float32") / 255.0
x_test = x_test[..., None].astype("float32") / 255.0

small = tf.keras.initializers.TruncatedNormal(stddev=0.02)
model = tf.keras.Sequential([
    layers.Conv2D(32, 3, activation="relu", kernel_initializer=small, input_shape=(28, 28, 1)),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, activation="relu", kernel_initializer=small),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=10, validation_split=0.1)

history = model.history.history
for key in sorted(history):
    print(f"{key}: {history[key][-1]:.4f}")
model.save("conv_truncated_normal_init.h5")
