import numpy as np
import pandas as pd
from sklearn.preprocessing import MinMaxScaler
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import LSTM, Dense
from tensorflow.keras.callbacks import EarlyStopping

LOOKBACK = 30

df = pd.read_csv("airline_passengers.csv", usecols=[1])
series = df.values.astype("float32")
scaler = MinMaxScaler(feature_range=(0, 1))
series = scaler.fit_transform(series)

def make_windows(data, lookback=LOOKBACK):
    xs, ys = [], []
    for i in range(len(data) - lookback):
        xs.append(data[i:i + lookback, 0])
        ys.append(data[i + lookback, 0])
    return np.array(xs), np.array(ys)

split = int(len(series) * 0.67)
train_x, train_y = make_windows(series[:split])
test_x, test_y = make_windows(series[split:])
train_x = train_x.reshape((train_x.shape[0], LOOKBACK, 1))
test_x = test_x.reshape((test_x.shape[0], LOOKBACK, 1))

model = Sequential()
model.add(LSTM(50, input_shape=(LOOKBACK, 1)))
model.add(Dense(1, activation="sigmoid"))
model.compile(loss="mean_squared_error", optimizer="adam")
model.fit(train_x, train_y, epochs=100, batch_size=1, validation_data=(test_x, test_y),
          callbacks=[EarlyStopping(patience=10)])

pred = scaler.inverse_transform(model.predict(test_x))
rmse = np.sqrt(np.mean((pred[:, 0] - scaler.inverse_transform(test_y.reshape(-1, 1))[:, 0]) ** 2))
print(f"test RMSE: {rmse:.2f}")
