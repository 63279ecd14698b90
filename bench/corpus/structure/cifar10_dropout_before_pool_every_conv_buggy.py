import tensorflow as tf
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Conv2D, MaxPooling2D, Dropout, Flatten, Dense

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.cifar10.load_data()
x_train = x_train.astype("float32") / 255
x_test = x_test.astype("float32") / 255

def add_block(model, filters, first=False):
    kwargs = {"input_shape": (32, 32, 3)} if first else {}
    model.add(Conv2D(filters, (3, 3), padding="same", activation="relu", **kwargs))
    model.add(Dropout(0.25))
    model.add(MaxPooling2D((2, 2)))

model = Sequential()
add_block(model, 32, first=True)
add_block(model, 32)
add_block(model, 64)
add_block(model, 64)
add_block(model, 128)
model.add(Flatten())
model.add(Dense(10, activation="softmax"))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=25, batch_size=64, validation_data=(x_test, y_test))
