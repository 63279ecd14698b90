# Digit Recognizer - simple MLP baseline
# Public LB ~0.97 after 20 epochs
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from sklearn.model_selection import train_test_split
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, Dropout
from tensorflow.keras.utils import to_categorical

train = pd.read_csv("../input/digit-recognizer/train.csv")
test = pd.read_csv("../input/digit-recognizer/test.csv")
print(train.shape, test.shape)
train.head()

Y = train["label"]
X = train.drop(labels=["label"], axis=1)
del train

X = X / 255.0
test = test / 255.0
Y = to_categorical(Y, num_classes=10)

X_train, X_val, Y_train, Y_val = train_test_split(X, Y, test_size=0.1, random_state=2)

model = Sequential()
model.add(Dense(512, activation="relu", input_shape=(784,)))
model.add(Dropout(0.2))
model.add(Dense(256, activation="relu"))
model.add(Dropout(0.2))
model.add(Dense(10, activation="softmax"))

model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
history = model.fit(X_train, Y_train, batch_size=86, epochs=20, validation_data=(X_val, Y_val), verbose=2)

plt.plot(history.history["loss"], label="train")
plt.plot(history.history["val_loss"], label="val")
plt.legend()

results = model.predict(test)
results = np.argmax(results, axis=1)
submission = pd.DataFrame({"ImageId": range(1, len(results) + 1), "Label": results})
submission.to_csv("submission.csv", index=False)
