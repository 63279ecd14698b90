from tensorflow import keras
from tensorflow.keras import layers, regularizers

(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
x_train = x_train.reshape(-1, 784) / 255.0
x_test = x_test.reshape(-1, 784) / 255.0

reg = regularizers.l2(1e-4)
model = keras.Sequential([
    layers.Dense(256, activation="relu", kernel_regularizer=reg, input_shape=(784,)),
    layers.Dense(128, activation="relu", kernel_regularizer=reg),
    layers.Dense(10, activation="softmax", kernel_regularizer=reg),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=20, validation_split=0.1)

model.summary()
model.save_weights("checkpoints/mlp_heavy_l2_everywhere.weights.h5")
print("saved weights for mlp_heavy_l2_everywhere")
