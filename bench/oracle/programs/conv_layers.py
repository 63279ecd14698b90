"""Oracle probe: convolutions with strides, dilation, padding modes and data formats."""
from tensorflow import keras
from tensorflow.keras import layers

seq = keras.Sequential([
    keras.Input(shape=(64, 3)),
    layers.Conv1D(8, 5, padding="causal", dilation_rate=2),
    layers.Conv1D(8, 4, strides=3, padding="same"),
    layers.Conv1D(16, 3, strides=2),
    layers.GlobalMaxPooling1D(),
])
seq.compile(optimizer="adam", loss="mse")

images = keras.Input(shape=(33, 47, 3))
a = layers.Conv2D(6, (3, 5), strides=(2, 3), padding="valid")(images)
b = layers.Conv2D(6, 3, dilation_rate=(2, 1), padding="same", activation="relu")(a)
c = layers.SeparableConv2D(12, 3, depth_multiplier=2, padding="same")(b)
d = layers.DepthwiseConv2D(3, depth_multiplier=3, strides=2)(c)
e = layers.Conv2D(4, 1, use_bias=False)(d)
f = layers.Conv2DTranspose(5, 3, strides=2)(e)
g = layers.Conv2DTranspose(5, 4, strides=2, padding="same")(f)
h = layers.Conv2DTranspose(3, 3, strides=2, output_padding=1)(g)
conv2d = keras.Model(images, h)
conv2d.compile(optimizer="adam", loss="mae")

volumes = keras.Input(shape=(9, 16, 17, 2))
v = layers.Conv3D(4, (2, 3, 3), strides=(1, 2, 2))(volumes)
v = layers.Conv3D(4, 3, padding="same", activation="elu")(v)
v = layers.MaxPooling3D(2)(v)
v = layers.GlobalAveragePooling3D()(v)
conv3d = keras.Model(volumes, layers.Dense(2, activation="softmax")(v))
conv3d.compile(optimizer="adam", loss="categorical_crossentropy")

first = keras.Sequential([
    keras.Input(shape=(3, 30, 28)),
    layers.Conv2D(8, 3, data_format="channels_first"),
    layers.MaxPooling2D(2, data_format="channels_first"),
    layers.Conv2D(8, 3, strides=2, padding="same", data_format="channels_first"),
    layers.GlobalAveragePooling2D(data_format="channels_first"),
    layers.Dense(1, activation="sigmoid"),
])
first.compile(optimizer="adam", loss="binary_crossentropy")
