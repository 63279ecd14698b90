import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler, LabelEncoder
from tensorflow import keras
from tensorflow.keras import layers

CATEGORICAL = ["workclass", "education", "occupation"]
NUMERIC = ["age", "hours_per_week", "capital_gain"]

df = pd.read_csv("adult.csv").dropna()
y = (df["income"] == ">50K").astype("int32").values
for col in CATEGORICAL:
    df[col] = LabelEncoder().fit_transform(df[col])
df[NUMERIC] = StandardScaler().fit_transform(df[NUMERIC])

train_df, val_df, y_train, y_val = train_test_split(df, y, test_size=0.2, random_state=7)

def dense_block(x, units, activation="relu", dropout=0.2):
    x = layers.Dense(units, activation=activation)(x)
    return layers.Dropout(dropout)(x)

def to_inputs(frame):
    feeds = {c: frame[c].values for c in CATEGORICAL}
    feeds["numeric"] = frame[NUMERIC].values
    return feeds

cat_inputs, embedded = [], []
for col in CATEGORICAL:
    inp = keras.Input(shape=(1,), name=col)
    cardinality = int(df[col].max()) + 1
    emb = layers.Embedding(cardinality, 8)(inp)
    cat_inputs.append(inp)
    embedded.append(layers.Flatten()(emb))

num_input = keras.Input(shape=(len(NUMERIC),), name="numeric")
x = layers.Concatenate()(embedded + [num_input])
x = dense_block(x, 64)
x = dense_block(x, 32)
out = layers.Dense(1, activation="sigmoid")(x)

model = keras.Model(cat_inputs + [num_input], out)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
train_inputs = to_inputs(train_df)
val_inputs = to_inputs(val_df)
model.fit(train_inputs, y_train, epochs=20, batch_size=256, validation_data=(val_inputs, y_val))
