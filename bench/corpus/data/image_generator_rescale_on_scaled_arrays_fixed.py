import tensorflow as tf
from tensorflow.keras import layers
from tensorflow.keras.preprocessing.image import ImageDataGenerator

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.cifar10.load_data()

train_gen = ImageDataGenerator(rescale=1.0 / 255, horizontal_flip=True, width_shift_range=0.1)
test_gen = ImageDataGenerator(rescale=1.0 / 255)
train_flow = train_gen.flow(x_train, y_train, batch_size=64)
test_flow = test_gen.flow(x_test, y_test, batch_size=64, shuffle=False)

model = tf.keras.Sequential([
    layers.Conv2D(32, 3, padding="same", activation="relu", input_shape=(32, 32, 3)),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(128, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(train_flow, validation_data=test_flow, epochs=20)
