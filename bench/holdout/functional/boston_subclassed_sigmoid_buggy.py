"""Boston housing with a subclassed tf.keras model."""
import tensorflow as tf

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.boston_housing.load_data()
mu, sigma = x_train.mean(axis=0), x_train.std(axis=0)
x_train = (x_train - mu) / sigma
x_test = (x_test - mu) / sigma


class PriceRegressor(tf.keras.Model):
    def __init__(self, hidden=64):
        super().__init__()
        self.d1 = tf.keras.layers.Dense(hidden, activation="relu")
        self.d2 = tf.keras.layers.Dense(hidden, activation="relu")
        self.out = tf.keras.layers.Dense(1, activation="sigmoid")

    def call(self, inputs):
        x = self.d1(inputs)
        x = self.d2(x)
        return self.out(x)


model = PriceRegressor()
model.compile(optimizer=tf.keras.optimizers.Adam(1e-3), loss="mse", metrics=["mae"])
model.fit(x_train, y_train, epochs=100, batch_size=32, validation_split=0.2)
print(model.evaluate(x_test, y_test))
