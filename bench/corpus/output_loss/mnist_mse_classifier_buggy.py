from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784) / 255.0
x_test = x_test.reshape(-1, 784) / 255.0
y_train = keras.utils.to_categorical(y_train)
y_test = keras.utils.to_categorical(y_test)

model = keras.Sequential([
    layers.Dense(300, activation="relu", input_shape=(784,)),
    layers.Dense(100, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05), loss="mean_squared_error")
model.fit(x_train, y_train, epochs=20, validation_data=(x_test, y_test))

model.summary()
model.save_weights("checkpoints/mnist_mse_classifier.weights.h5")
print("saved weights for mnist_mse_classifier")
