"""Oracle probe: embeddings, recurrent layers and their wrappers."""
from tensorflow import keras
from tensorflow.keras import layers

text = keras.Sequential([
    keras.Input(shape=(40,)),
    layers.Embedding(5000, 32, mask_zero=True),
    layers.SimpleRNN(16, return_sequences=True),
    layers.GRU(12, return_sequences=True, reset_after=False),
    layers.GRU(10, return_sequences=True),
    layers.LSTM(8, use_bias=False, return_sequences=True),
    layers.Bidirectional(layers.LSTM(6, return_sequences=True), merge_mode="sum"),
    layers.Bidirectional(layers.GRU(5, return_sequences=True), merge_mode="ave"),
    layers.Bidirectional(layers.SimpleRNN(4, return_sequences=True), merge_mode="mul"),
    layers.Bidirectional(layers.LSTM(3)),
    layers.Dense(1, activation="sigmoid"),
])
text.compile(optimizer="adam", loss="binary_crossentropy")

steps = keras.Input(shape=(7, 20))
per_step = layers.TimeDistributed(layers.Dense(9, activation="tanh"))(steps)
state_out = layers.LSTM(11)(per_step)
tagger = keras.Model(steps, layers.Dense(3, activation="softmax")(state_out))
tagger.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

frames = keras.Input(shape=(5, 24, 24, 3))
maps = layers.ConvLSTM2D(6, 3, padding="same", return_sequences=True)(frames)
maps = layers.ConvLSTM2D(4, 3, strides=2)(maps)
video = keras.Model(frames, layers.GlobalAveragePooling2D()(maps))
video.compile(optimizer="adam", loss="mse")

clips = keras.Input(shape=(4, 16, 16, 1))
framewise = layers.TimeDistributed(layers.Conv2D(4, 3))(clips)
framewise = layers.TimeDistributed(layers.Flatten())(framewise)
clip_model = keras.Model(clips, layers.GRU(6)(framewise))
clip_model.compile(optimizer="adam", loss="mse")
