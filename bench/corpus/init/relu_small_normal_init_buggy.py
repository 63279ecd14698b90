from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
x_test = x_test.reshape(-1, 784).astype("float32") / 255.0

init = keras.initializers.RandomNormal(mean=0.0, stddev=0.01)
model = keras.Sequential([
    layers.Dense(256, activation="relu", kernel_initializer=init, input_shape=(784,)),
    layers.Dense(256, activation="relu", kernel_initializer=init),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=10, batch_size=64, validation_split=0.1)

model.summary()
model.save_weights("checkpoints/relu_small_normal_init.weights.h5")
print("saved weights for relu_small_normal_init")
