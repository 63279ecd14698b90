import tensorflow as tf


def model_fn(features, labels, mode, params):
    net = tf.reshape(features['pixels'], [-1, 28, 28, 1])
    net = tf.layers.conv2d(net, 32, 5, padding='same', activation=tf.nn.relu)
    net = tf.layers.max_pooling2d(net, 2, 2)
    net = tf.layers.flatten(net)
    net = tf.layers.dense(net, params['hidden'], activation=tf.nn.relu)
    # A softmax here, then a loss that applies its own softmax to what it takes for logits.
    probabilities = tf.layers.dense(net, 10, activation=tf.nn.softmax)
    predictions = tf.argmax(probabilities, axis=1)
    if mode == tf.estimator.ModeKeys.PREDICT:
        return tf.estimator.EstimatorSpec(mode, predictions=predictions)
    loss = tf.losses.sparse_softmax_cross_entropy(labels=labels, logits=probabilities)
    train_op = tf.train.AdamOptimizer(1e-3).minimize(loss, global_step=tf.train.get_global_step())
    return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)


def train_input():
    (images, digits), _ = tf.keras.datasets.mnist.load_data()
    data = tf.data.Dataset.from_tensor_slices(({'pixels': images / 255.0}, digits))
    return data.shuffle(10000).batch(100).repeat()


classifier = tf.estimator.Estimator(model_fn=model_fn, params={'hidden': 256})
classifier.train(input_fn=train_input, steps=2000)
