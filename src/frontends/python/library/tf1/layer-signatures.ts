/**
 * TF1 layer functions as data: `tf.layers.*` (Keras's parameter names, inputs first, their own defaults) and
 * `tf.contrib.layers.*` / `slim.*` (their own keywords: `num_outputs`, `activation_fn`, `weights_initializer`,
 * `stride`..., mapped onto Keras's canonical names). Each row is one function; a function missing here is an op.
 */
import type { LayerKind } from "../../../../model/vocabulary.js";
import { signature, type Signature } from "../signature.js";

/** Which library a layer function belongs to. */
export type LayerFamily = "layers" | "contrib";

export interface Tf1LayerFunction {
  kind: LayerKind;
  signature: Signature;
}

const WEIGHTS = "use_bias=True kernel_initializer bias_initializer kernel_regularizer bias_regularizer activity_regularizer kernel_constraint bias_constraint trainable=True name reuse";
const CONV_TAIL = `activation=None ${WEIGHTS}`;

/** `tf.layers.*` (TensorFlow 1.x): the input tensor first, then Keras's parameters in their TF order. */
const LAYERS: Record<string, Tf1LayerFunction> = {
  dense: { kind: "dense", signature: signature(`inputs units activation=None ${WEIGHTS}`) },
  conv1d: { kind: "conv1d", signature: signature(`inputs filters kernel_size strides=1 padding='valid' data_format='channels_last' dilation_rate=1 ${CONV_TAIL}`) },
  conv2d: { kind: "conv2d", signature: signature(`inputs filters kernel_size strides=1 padding='valid' data_format='channels_last' dilation_rate=1 ${CONV_TAIL}`) },
  conv3d: { kind: "conv3d", signature: signature(`inputs filters kernel_size strides=1 padding='valid' data_format='channels_last' dilation_rate=1 ${CONV_TAIL}`) },
  conv2d_transpose: { kind: "conv2dTranspose", signature: signature(`inputs filters kernel_size strides=1 padding='valid' data_format='channels_last' ${CONV_TAIL} * dilation_rate=1`) },
  separable_conv2d: {
    kind: "separableConv2d",
    signature: signature(`inputs filters kernel_size strides=1 padding='valid' data_format='channels_last' dilation_rate=1 depth_multiplier=1 ${CONV_TAIL}`),
  },
  max_pooling1d: { kind: "maxPooling1d", signature: signature("inputs pool_size strides padding='valid' data_format='channels_last' name") },
  max_pooling2d: { kind: "maxPooling2d", signature: signature("inputs pool_size strides padding='valid' data_format='channels_last' name") },
  max_pooling3d: { kind: "maxPooling3d", signature: signature("inputs pool_size strides padding='valid' data_format='channels_last' name") },
  average_pooling1d: { kind: "averagePooling1d", signature: signature("inputs pool_size strides padding='valid' data_format='channels_last' name") },
  average_pooling2d: { kind: "averagePooling2d", signature: signature("inputs pool_size strides padding='valid' data_format='channels_last' name") },
  average_pooling3d: { kind: "averagePooling3d", signature: signature("inputs pool_size strides padding='valid' data_format='channels_last' name") },
  flatten: { kind: "flatten", signature: signature("inputs name data_format='channels_last'") },
  dropout: { kind: "dropout", signature: signature("inputs rate=0.5 noise_shape seed training=False name") },
  batch_normalization: {
    kind: "batchNormalization",
    signature: signature(
      "inputs axis=-1 momentum=0.99 epsilon=0.001 center=True scale=True beta_initializer gamma_initializer moving_mean_initializer moving_variance_initializer beta_regularizer gamma_regularizer beta_constraint gamma_constraint training=False trainable=True name reuse",
    ),
  },
};

const CONTRIB_WEIGHTS =
  "activation_fn:activation='relu' normalizer_fn normalizer_params weights_initializer:kernel_initializer weights_regularizer:kernel_regularizer biases_initializer:bias_initializer biases_regularizer:bias_regularizer reuse variables_collections outputs_collections trainable=True scope";

/**
 * `tf.contrib.layers.*` and `tf.contrib.slim.*`: fully connected and convolution layers apply ReLU unless told
 * otherwise, convolutions pad 'SAME', pooling windows default to a stride of 2, dropout takes a keep probability.
 */
const CONTRIB: Record<string, Tf1LayerFunction> = {
  fully_connected: { kind: "dense", signature: signature(`inputs num_outputs:units ${CONTRIB_WEIGHTS}`) },
  linear: { kind: "dense", signature: signature(`inputs num_outputs:units ${CONTRIB_WEIGHTS.replace("='relu'", "=None")}`) },
  conv1d: { kind: "conv1d", signature: signature(`inputs num_outputs:filters kernel_size stride:strides=1 padding='SAME' data_format rate:dilation_rate=1 ${CONTRIB_WEIGHTS}`) },
  conv2d: { kind: "conv2d", signature: signature(`inputs num_outputs:filters kernel_size stride:strides=1 padding='SAME' data_format rate:dilation_rate=1 ${CONTRIB_WEIGHTS}`) },
  convolution2d: { kind: "conv2d", signature: signature(`inputs num_outputs:filters kernel_size stride:strides=1 padding='SAME' data_format rate:dilation_rate=1 ${CONTRIB_WEIGHTS}`) },
  conv3d: { kind: "conv3d", signature: signature(`inputs num_outputs:filters kernel_size stride:strides=1 padding='SAME' data_format rate:dilation_rate=1 ${CONTRIB_WEIGHTS}`) },
  conv2d_transpose: { kind: "conv2dTranspose", signature: signature(`inputs num_outputs:filters kernel_size stride:strides=1 padding='SAME' data_format ${CONTRIB_WEIGHTS} * dilation_rate=1`) },
  max_pool2d: { kind: "maxPooling2d", signature: signature("inputs kernel_size:pool_size stride:strides=2 padding='VALID' data_format outputs_collections scope") },
  avg_pool2d: { kind: "averagePooling2d", signature: signature("inputs kernel_size:pool_size stride:strides=2 padding='VALID' data_format outputs_collections scope") },
  max_pool3d: { kind: "maxPooling3d", signature: signature("inputs kernel_size:pool_size stride:strides=2 padding='VALID' data_format outputs_collections scope") },
  avg_pool3d: { kind: "averagePooling3d", signature: signature("inputs kernel_size:pool_size stride:strides=2 padding='VALID' data_format outputs_collections scope") },
  flatten: { kind: "flatten", signature: signature("inputs outputs_collections scope") },
  dropout: { kind: "dropout", signature: signature("inputs keep_prob=0.5 noise_shape is_training:training=True outputs_collections scope seed") },
  batch_norm: {
    kind: "batchNormalization",
    signature: signature(
      "inputs decay:momentum=0.999 center=True scale=False epsilon=0.001 activation_fn:activation=None param_initializers param_regularizers updates_collections is_training:training=True reuse variables_collections outputs_collections trainable=True batch_weights fused data_format zero_debias_moving_mean scope",
    ),
  },
};

/** The layer function a `tf.layers` / `tf.contrib.layers` / slim name stands for. */
export function tf1LayerFunction(family: LayerFamily, name: string): Tf1LayerFunction | undefined {
  const table = family === "layers" ? LAYERS : CONTRIB;
  return Object.hasOwn(table, name) ? table[name] : undefined;
}
