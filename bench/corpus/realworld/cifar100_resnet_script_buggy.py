"""ResNet-style CIFAR-100 training with augmentation and LR schedule."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.preprocessing.image import ImageDataGenerator

NUM_CLASSES = 10  # copied from the CIFAR-10 script
BATCH_SIZE = 64
EPOCHS = 60
DEPTH = 3  # residual blocks per stage

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar100.load_data(label_mode="fine")
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0
pixel_mean = x_train.mean(axis=0)
x_train -= pixel_mean
x_test -= pixel_mean
y_train = keras.utils.to_categorical(y_train, NUM_CLASSES)
y_test = keras.utils.to_categorical(y_test, NUM_CLASSES)


def conv_bn_relu(x, filters, strides=1, name=None):
    x = layers.Conv2D(filters, 3, strides=strides, padding="same", use_bias=False,
                      kernel_initializer="he_normal", name=name)(x)
    x = layers.BatchNormalization()(x)
    return layers.Activation("relu")(x)


def residual_block(x, filters, downsample=False, name="block"):
    strides = 2 if downsample else 1
    shortcut = x
    y = conv_bn_relu(x, filters, strides, name=f"{name}_conv1")
    y = layers.Conv2D(filters, 3, padding="same", use_bias=False, name=f"{name}_conv2")(y)
    y = layers.BatchNormalization()(y)
    if downsample:
        shortcut = layers.Conv2D(filters, 1, strides=2, use_bias=False, name=f"{name}_proj")(x)
        shortcut = layers.BatchNormalization()(shortcut)
    y = layers.Add()([shortcut, y])
    return layers.Activation("relu")(y)


def build_resnet(input_shape=(32, 32, 3)):
    inputs = keras.Input(shape=input_shape)
    x = conv_bn_relu(inputs, 16, name="stem")
    for stage, filters in enumerate([16, 32, 64]):
        for i in range(DEPTH):
            x = residual_block(x, filters, downsample=(stage > 0 and i == 0), name=f"s{stage}b{i}")
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dense(256, activation="relu")(x)
    x = layers.Dropout(0.3)(x)
    x = layers.BatchNormalization()(x)
    outputs = layers.Dense(NUM_CLASSES, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="resnet_cifar")


def lr_schedule(epoch):
    if epoch > 45:
        return 1e-4
    if epoch > 30:
        return 1e-3
    return 1e-2


model = build_resnet()
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01, momentum=0.9),
              loss="categorical_crossentropy", metrics=["accuracy"])

augment = ImageDataGenerator(width_shift_range=0.1, height_shift_range=0.1, horizontal_flip=True)
model.fit(augment.flow(x_train, y_train, batch_size=BATCH_SIZE),
          epochs=EPOCHS,
          validation_data=(x_test, y_test),
          callbacks=[keras.callbacks.LearningRateScheduler(lr_schedule)])
model.save("resnet_cifar100.h5")
