from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from tensorflow import keras

data = load_breast_cancer()
X_train, X_test, y_train, y_test = train_test_split(data.data, data.target, test_size=0.25, random_state=42)
sc = StandardScaler()
X_train = sc.fit_transform(X_train)
X_test = sc.transform(X_test)

model = keras.models.Sequential()
model.add(keras.layers.Dense(30, activation="relu", input_dim=30))
model.add(keras.layers.Dense(15, activation="relu"))
model.add(keras.layers.Dense(1, activation="sigmoid"))
model.compile(loss=keras.losses.BinaryCrossentropy(), optimizer="adam", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=50, batch_size=16, validation_data=(X_test, y_test))

model.summary()
model.save_weights("checkpoints/breast_cancer_tanh_output.weights.h5")
print("saved weights for breast_cancer_tanh_output")
