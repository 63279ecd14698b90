"""VGG-ish CIFAR-10 model assembled from a list of block widths."""
from tensorflow import keras
from tensorflow.keras import layers

BLOCKS = [32, 64, 128]

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0
y_train = keras.utils.to_categorical(y_train, 10)
y_test = keras.utils.to_categorical(y_test, 10)


def add_block(model, filters, first=False):
    if first:
        model.add(layers.Conv2D(filters, (3, 3), padding="same", activation="relu", input_shape=(32, 32, 3)))
    else:
        model.add(layers.Conv2D(filters, (3, 3), padding="same", activation="relu"))
    model.add(layers.Conv2D(filters, (3, 3), padding="same", activation="relu"))
    model.add(layers.MaxPooling2D((2, 2)))


model = keras.Sequential()
for i, width in enumerate(BLOCKS):
    add_block(model, width, first=(i == 0))
model.add(layers.Dense(256, activation="relu"))
model.add(layers.Dropout(0.5))
model.add(layers.Dense(10, activation="softmax"))

model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01, momentum=0.9),
              loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=30, batch_size=64, validation_data=(x_test, y_test))
