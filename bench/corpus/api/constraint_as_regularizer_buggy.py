from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.constraints import max_norm

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784) / 255.0
x_test = x_test.reshape(-1, 784) / 255.0

model = keras.Sequential([
    layers.Dense(1024, activation="relu", kernel_regularizer=max_norm(3), input_shape=(784,)),
    layers.Dropout(0.5),
    layers.Dense(1024, activation="relu", kernel_regularizer=max_norm(3)),
    layers.Dropout(0.5),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1, momentum=0.9),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=30, batch_size=128, validation_split=0.1)

history = model.history.history
for key in sorted(history):
    print(f"{key}: {history[key][-1]:.4f}")
model.save("constraint_as_regularizer.h5")
