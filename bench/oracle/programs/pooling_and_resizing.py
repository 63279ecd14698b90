"""Oracle probe: pooling, padding, cropping, up-sampling and reshaping layers."""
from tensorflow import keras
from tensorflow.keras import layers

series = keras.Sequential([
    keras.Input(shape=(50, 6)),
    layers.ZeroPadding1D(3),
    layers.MaxPooling1D(4, strides=3),
    layers.AveragePooling1D(2, padding="same"),
    layers.Cropping1D((2, 1)),
    layers.UpSampling1D(3),
    layers.GlobalAveragePooling1D(keepdims=True),
    layers.Flatten(),
])
series.compile(optimizer="sgd", loss="mse")

grid = keras.Sequential([
    keras.Input(shape=(27, 31, 4)),
    layers.ZeroPadding2D(((1, 2), (3, 0))),
    layers.MaxPooling2D((3, 2), strides=(2, 2)),
    layers.AveragePooling2D(3, strides=1, padding="same"),
    layers.Cropping2D(((2, 1), (0, 3))),
    layers.UpSampling2D((2, 3)),
    layers.ZeroPadding2D(2),
    layers.GlobalMaxPooling2D(keepdims=True),
    layers.Reshape((-1,)),
    layers.Dense(4),
])
grid.compile(optimizer="sgd", loss="mse")

cube = keras.Sequential([
    keras.Input(shape=(6, 10, 12, 2)),
    layers.ZeroPadding3D((1, 0, 2)),
    layers.AveragePooling3D((2, 2, 3)),
    layers.Cropping3D(((0, 1), (1, 1), (0, 0))),
    layers.UpSampling3D(2),
    layers.Flatten(),
])
cube.compile(optimizer="sgd", loss="mse")

shapes = keras.Sequential([
    keras.Input(shape=(12, 10)),
    layers.Reshape((4, 3, 10)),
    layers.Permute((3, 1, 2)),
    layers.Reshape((10, -1)),
    layers.Flatten(),
    layers.RepeatVector(5),
    layers.Permute((2, 1)),
])
shapes.compile(optimizer="sgd", loss="mse")
