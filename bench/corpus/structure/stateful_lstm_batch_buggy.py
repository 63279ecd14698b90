import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense

BATCH_SIZE = 16
WINDOW = 10

t = np.linspace(0, 100, 1610)
wave = np.sin(t)
X = np.array([wave[i:i + WINDOW] for i in range(1600)]).reshape(1600, WINDOW, 1)
y = wave[WINDOW:WINDOW + 1600]

model = Sequential()
model.add(LSTM(32, batch_input_shape=(BATCH_SIZE, WINDOW, 1), stateful=True))
model.add(Dense(1))
model.compile(loss="mse", optimizer="adam")

for epoch in range(20):
    model.fit(X, y, epochs=1, batch_size=32, shuffle=False)
    model.reset_states()
