from tensorflow import keras
from tensorflow.keras.preprocessing.text import Tokenizer
from tensorflow.keras.utils import to_categorical

(x_train, y_train), (x_test, y_test) = keras.datasets.reuters.load_data(num_words=5000, test_split=0.2)
tok = Tokenizer(num_words=5000)
x_train = tok.sequences_to_matrix(x_train, mode="tfidf")
x_test = tok.sequences_to_matrix(x_test, mode="tfidf")
num_classes = 46
y_train = to_categorical(y_train, num_classes)
y_test = to_categorical(y_test, num_classes)

model = keras.Sequential()
model.add(keras.layers.Dense(512, activation="relu", input_shape=(5000,)))
model.add(keras.layers.Dropout(0.5))
model.add(keras.layers.Dense(num_classes, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=32, epochs=5, validation_split=0.1)
model.evaluate(x_test, y_test, batch_size=32)

model.summary()
model.save_weights("checkpoints/reuters_onehot_width_ten.weights.h5")
print("saved weights for reuters_onehot_width_ten")
