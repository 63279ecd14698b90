# Named-entity tagging with a BiLSTM (one tag per token)
import numpy as np
import pandas as pd
from tensorflow.keras.models import Model
from tensorflow.keras.layers import Input, Embedding, LSTM, Dense, Bidirectional, TimeDistributed
from tensorflow.keras.preprocessing.sequence import pad_sequences
from tensorflow.keras.utils import to_categorical

MAX_LEN = 75
N_WORDS = 35179
N_TAGS = 17

sentences = np.load("ner_word_ids.npy", allow_pickle=True)
tags = np.load("ner_tag_ids.npy", allow_pickle=True)

X = pad_sequences(sentences, maxlen=MAX_LEN, padding="post", value=N_WORDS - 1)
y = pad_sequences(tags, maxlen=MAX_LEN, padding="post", value=0)
y = to_categorical(y, num_classes=N_TAGS)

inp = Input(shape=(MAX_LEN,))
emb = Embedding(input_dim=N_WORDS, output_dim=50, input_length=MAX_LEN)(inp)
h = Bidirectional(LSTM(units=100, return_sequences=True, recurrent_dropout=0.1))(emb)
out = TimeDistributed(Dense(N_TAGS, activation="softmax"))(h)
model = Model(inp, out)
model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, batch_size=32, epochs=5, validation_split=0.1, verbose=1)
