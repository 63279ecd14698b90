"""Cats vs dogs: transfer learning from MobileNetV2 (tutorial style)."""
import tensorflow as tf

IMG_SIZE = (160, 160)
train_ds = tf.keras.utils.image_dataset_from_directory("cats_and_dogs/train", shuffle=True, batch_size=32, image_size=IMG_SIZE)
val_ds = tf.keras.utils.image_dataset_from_directory("cats_and_dogs/validation", shuffle=True, batch_size=32, image_size=IMG_SIZE)

preprocess_input = tf.keras.applications.mobilenet_v2.preprocess_input
base_model = tf.keras.applications.MobileNetV2(input_shape=IMG_SIZE + (3,), include_top=False, weights="imagenet")
base_model.trainable = False

data_augmentation = tf.keras.Sequential([
    tf.keras.layers.RandomFlip("horizontal"),
    tf.keras.layers.RandomRotation(0.2),
])

inputs = tf.keras.Input(shape=(160, 160, 3))
x = data_augmentation(inputs)
x = preprocess_input(x)
x = base_model(x, training=False)
x = tf.keras.layers.GlobalAveragePooling2D()(x)
x = tf.keras.layers.Dropout(0.2)(x)
outputs = tf.keras.layers.Dense(1)(x)
model = tf.keras.Model(inputs, outputs)

model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.0001),
              loss=tf.keras.losses.BinaryCrossentropy(),
              metrics=[tf.keras.metrics.BinaryAccuracy(threshold=0, name="accuracy")])
history = model.fit(train_ds, epochs=10, validation_data=val_ds)
