# quick sanity run before the big sweep
import tensorflow as tf

(X, y), (X_test, y_test) = tf.keras.datasets.mnist.load_data()
X = X[..., None].astype("float32") / 255.0
X_test = X_test[..., None].astype("float32") / 255.0

model = tf.keras.Sequential([
    tf.keras.layers.Conv2D(16, 3, activation="relu", input_shape=(28, 28, 1)),
    tf.keras.layers.MaxPooling2D(),
    tf.keras.layers.Conv2D(32, 3, activation="relu"),
    tf.keras.layers.MaxPooling2D(),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(10, activation="softmax"),
])
model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
early = tf.keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
model.fit(X, y, epochs=50, batch_size=256, validation_data=(X_test, y_test), callbacks=[early])
print(model.evaluate(X_test, y_test))
