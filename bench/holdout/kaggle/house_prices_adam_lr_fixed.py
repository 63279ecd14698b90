# House Prices: Advanced Regression Techniques -- quick NN
import pandas as pd
import numpy as np
from sklearn.preprocessing import StandardScaler
from keras.models import Sequential
from keras.layers import Dense
from keras.optimizers import Adam

train = pd.read_csv("../input/house-prices-advanced-regression-techniques/train.csv")
num_cols = train.select_dtypes(include=[np.number]).columns.drop(["Id", "SalePrice"])
X = train[num_cols].fillna(0).values
y = np.log1p(train["SalePrice"].values)

scaler = StandardScaler()
X = scaler.fit_transform(X)

model = Sequential()
model.add(Dense(64, input_dim=X.shape[1], activation="relu"))
model.add(Dense(32, activation="relu"))
model.add(Dense(1))

opt = Adam(lr=0.001)
model.compile(loss="mean_squared_error", optimizer=opt)
model.fit(X, y, epochs=100, batch_size=32, validation_split=0.2, verbose=0)
preds = np.expm1(model.predict(X))
