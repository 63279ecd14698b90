import tensorflow as tf
from tensorflow.keras import layers, models

def conv_block(model, filters, n_convs=2):
    for _ in range(n_convs):
        model.add(layers.Conv2D(filters, 3, padding="same", activation="relu"))
    model.add(layers.MaxPooling2D(2))

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.cifar10.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0

model = models.Sequential([layers.InputLayer(input_shape=(32, 32, 3))])
for f in (32, 64, 128, 256):
    conv_block(model, f)
model.add(layers.Flatten())
model.add(layers.Dense(256, activation="relu"))
model.add(layers.Dense(10, activation="softmax"))

model.compile(optimizer=tf.keras.optimizers.Adam(1e-3),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=20, batch_size=64, validation_data=(x_test, y_test))
