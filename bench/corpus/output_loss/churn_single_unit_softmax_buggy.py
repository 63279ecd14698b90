import pandas as pd
from sklearn.preprocessing import StandardScaler
from keras.models import Sequential
from keras.layers import Dense, Dropout

df = pd.read_csv("Churn_Modelling.csv")
X = pd.get_dummies(df.iloc[:, 3:13], drop_first=True).values
y = df["Exited"].values
X = StandardScaler().fit_transform(X)

classifier = Sequential()
classifier.add(Dense(6, kernel_initializer="uniform", activation="relu", input_dim=X.shape[1]))
classifier.add(Dropout(0.1))
classifier.add(Dense(6, kernel_initializer="uniform", activation="relu"))
classifier.add(Dense(1, kernel_initializer="uniform", activation="softmax"))
classifier.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
classifier.fit(X, y, batch_size=10, epochs=100, validation_split=0.2)
