"""IMDB sentiment with a 1D convnet over word embeddings."""
import tensorflow as tf
from tensorflow.keras import layers, models
from tensorflow.keras.preprocessing.sequence import pad_sequences

VOCAB = 10000
MAXLEN = 200

(train_x, train_y), (test_x, test_y) = tf.keras.datasets.imdb.load_data(num_words=VOCAB)
train_x = pad_sequences(train_x, maxlen=MAXLEN)
test_x = pad_sequences(test_x, maxlen=MAXLEN)


def text_cnn(vocab, maxlen, emb_dim=64):
    net = models.Sequential(name="text_cnn")
    net.add(layers.Embedding(vocab, emb_dim, input_length=maxlen))
    net.add(layers.Conv1D(128, 5, activation="relu"))
    net.add(layers.GlobalMaxPooling1D())
    net.add(layers.Dropout(0.3))
    net.add(layers.Dense(64, activation="relu"))
    net.add(layers.Dense(1, activation="sigmoid"))
    return net


net = text_cnn(VOCAB, MAXLEN)
net.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
net.fit(train_x, train_y, epochs=5, batch_size=128, validation_data=(test_x, test_y))
