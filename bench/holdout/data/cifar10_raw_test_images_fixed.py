# CIFAR-10: train, then report test accuracy and a confusion matrix
import numpy as np
from sklearn.metrics import confusion_matrix
from tensorflow import keras
from tensorflow.keras import layers

(train_x, train_y), (test_x, test_y) = keras.datasets.cifar10.load_data()
train_x = train_x.astype("float32") / 255.0
test_x = test_x.astype("float32") / 255.0

model = keras.Sequential([
    layers.Conv2D(32, 3, padding="same", activation="relu", input_shape=(32, 32, 3)),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(128, 3, padding="same", activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(train_x, train_y, epochs=20, batch_size=64, validation_split=0.1)

loss, acc = model.evaluate(test_x, test_y)
pred = np.argmax(model.predict(test_x), axis=1)
print(acc)
print(confusion_matrix(test_y.ravel(), pred))
