import tensorflow as tf
from tensorflow.keras import layers

IMG = (224, 224)
train_ds = tf.keras.utils.image_dataset_from_directory("flowers/train", image_size=IMG, batch_size=32)
val_ds = tf.keras.utils.image_dataset_from_directory("flowers/val", image_size=IMG, batch_size=32)

model = tf.keras.Sequential([
    layers.Rescaling(1.0 / 255, input_shape=(224, 224, 3)),
    layers.Conv2D(32, 3, padding="same", activation="relu"),
    layers.Conv2D(64, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(256, activation="relu"),
    layers.Dense(5, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(train_ds, validation_data=val_ds, epochs=10)

history = model.history.history
for key in sorted(history):
    print(f"{key}: {history[key][-1]:.4f}")
model.save("flowers_flatten_huge_dense.h5")
