'''Keras 1.x MLP on MNIST with explicit initialisations.'''
import numpy as np
np.random.seed(42)
from keras.datasets import mnist
from keras.models import Sequential
from keras.layers import Dense, Activation
from keras.optimizers import SGD
from keras.utils import np_utils

(X_train, y_train), (X_test, y_test) = mnist.load_data()
X_train = X_train.reshape(60000, 784).astype('float32') / 255
X_test = X_test.reshape(10000, 784).astype('float32') / 255
Y_train = np_utils.to_categorical(y_train, 10)
Y_test = np_utils.to_categorical(y_test, 10)

model = Sequential()
model.add(Dense(output_dim=256, input_dim=784, init='glorot_uniform'))
model.add(Activation('tanh'))
model.add(Dense(output_dim=128, init='glorot_uniform'))
model.add(Activation('tanh'))
model.add(Dense(output_dim=10, init='glorot_uniform'))
model.add(Activation('softmax'))

sgd = SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)
model.compile(loss='categorical_crossentropy', optimizer=sgd, metrics=['accuracy'])
model.fit(X_train, Y_train, nb_epoch=20, batch_size=128, validation_data=(X_test, Y_test))
