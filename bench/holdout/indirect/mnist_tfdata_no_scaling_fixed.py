"""MNIST input pipeline with tf.data."""
import tensorflow as tf

BATCH = 64
AUTOTUNE = tf.data.AUTOTUNE

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()


def to_float(image, label):
    return tf.cast(image, tf.float32) / 255.0, label


train_ds = (tf.data.Dataset.from_tensor_slices((x_train, y_train))
            .map(to_float, num_parallel_calls=AUTOTUNE)
            .shuffle(10000)
            .batch(BATCH)
            .prefetch(AUTOTUNE))
test_ds = tf.data.Dataset.from_tensor_slices((x_test, y_test)).map(to_float).batch(BATCH)

model = tf.keras.Sequential([
    tf.keras.layers.Flatten(input_shape=(28, 28)),
    tf.keras.layers.Dense(128, activation="relu"),
    tf.keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(train_ds, epochs=6, validation_data=test_ds)
