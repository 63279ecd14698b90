import { categoryOf, formatShape, receivedShapes } from "../../../model/graph.js";
import type { Architecture, Layer, ProgramModel } from "../../../model/program.js";
import type { LayerCategory } from "../../../model/vocabulary.js";
import { defineRule, type RuleContext } from "../../rule.js";
import { KERAS_SEQUENTIAL_GUIDE } from "../references.js";
import {
  channelsFirstInputs,
  effectiveDataFormat,
  formatSizes,
  hasDataFormat,
  isFeatureConvolution,
  previousThrough,
} from "./_design-helpers.js";

/** Layers between a feature map and its batch normalisation that keep the map's axes. */
const AXIS_PRESERVING: ReadonlySet<LayerCategory> = new Set(["activation", "dropout", "normalization"]);

type Messages = "channelsFirstShape" | "formatDisagreesWithGlobal" | "batchNormOnSpatialAxis";

/** Inputs declared as (channels, ..., size) feeding a channels_last convolution of their dimensionality. */
function checkInputShapes(context: RuleContext<Messages>, architecture: Architecture): void {
  for (const { input: layer, declared, channels: first, last, conv } of channelsFirstInputs(architecture, context.program)) {
    const sizes = declared.slice(0, -1);
    context.report({
      messageId: "channelsFirstShape",
      span: layer.span,
      layer,
      data: {
        layer: layer.name,
        kind: layer.frameworkName,
        declared: formatShape(declared),
        channels: first,
        conv: conv === layer ? "the layer" : `${conv.name} (${conv.frameworkName})`,
        spatial: sizes.every((d) => typeof d === "number") ? formatSizes(sizes) : formatShape(sizes),
        readAsChannels: last,
      },
    });
  }
}

/** Layers whose explicit data_format contradicts the program's global image data format. */
function checkGlobalFormat(context: RuleContext<Messages>, architecture: Architecture): void {
  const global = context.program.imageDataFormat;
  if (!global || global === "unknown") return;
  for (const layer of architecture.layers) {
    const own = layer.config.dataFormat;
    if (!hasDataFormat(layer) || own === undefined || own === "unknown" || own === global) continue;
    context.report({
      messageId: "formatDisagreesWithGlobal",
      span: layer.span,
      layer,
      data: { layer: layer.name, kind: layer.frameworkName, layerFormat: own, globalFormat: global },
    });
  }
}

/** The feature map a batch normalisation reads, with its axis order, when it is one. */
function normalisedMap(architecture: Architecture, norm: Layer, program: ProgramModel): { source: Layer; format: ProgramModel["imageDataFormat"] & string } | undefined {
  const before = previousThrough(architecture, norm, AXIS_PRESERVING);
  if (!before) return undefined;
  const source = before.layer;
  if (hasDataFormat(source)) return { source, format: effectiveDataFormat(source, program) };
  const declared = source.declaredInputShape;
  if (categoryOf(source) === "input" && declared && declared.length >= 4) return { source, format: program.imageDataFormat ?? "channels_last" };
  return undefined;
}

/** BatchNormalization(axis=1) on channels_last maps normalises a spatial axis. */
function checkBatchNormAxis(context: RuleContext<Messages>, architecture: Architecture): void {
  for (const norm of architecture.layers) {
    if (norm.kind !== "batchNormalization" || norm.config.axis !== 1 || norm.conditional) continue;
    const rank = receivedShapes(norm)[0]?.length;
    if (rank !== undefined && rank < 3) continue;
    const map = normalisedMap(architecture, norm, context.program);
    if (!map || map.format !== "channels_last") continue;
    context.report({
      messageId: "batchNormOnSpatialAxis",
      span: norm.span,
      layer: norm,
      data: { layer: norm.name, kind: norm.frameworkName, source: map.source.name, sourceKind: map.source.frameworkName },
    });
  }
}

export default defineRule({
  meta: {
    code: "S120",
    name: "channel-order-mismatch",
    family: "structure",
    severity: "warning",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["declared input shapes", "data formats", "global image data format"],
    messages: {
      channelsFirstShape:
        "{layer} ({kind}) declares the input shape {declared}, channels first ({channels} channels), but {conv} works channels_last: it slides over {spatial} and reads the {readAsChannels} values of the last axis as channels",
      formatDisagreesWithGlobal:
        "{layer} ({kind}) sets data_format='{layerFormat}' while the program sets the image data format to '{globalFormat}': layers of the model read their maps in different axis orders",
      batchNormOnSpatialAxis:
        "{layer} ({kind}) normalises axis 1 of the channels_last maps of {source} ({sourceKind}): axis 1 is the height, the channels are axis -1",
    },
    options: {},
    docs: {
      summary: "Channels-first shapes or axes in a channels_last model (or the reverse).",
      whatItChecks:
        "Three conditions. (1) An input declared with an image channel count (1, 3 or 4) first and a larger size last, e.g. (3, 32, 32) or (1, 28, 28), feeding a model whose first convolution of that dimensionality works channels_last (the default, unless data_format or the global image data format says otherwise). (2) A program that sets the global image data format (`K.set_image_data_format`, `set_image_dim_ordering`) and a layer whose own data_format contradicts it. (3) BatchNormalization(axis=1) on the feature maps of a channels_last convolution or pooling layer.",
      whyItMatters:
        "Keras and TF.js default to channels_last: (batch, height, width, channels). A (3, 32, 32) image is then read as 3 rows of 32 pixels with 32 channels; the model still builds and trains, but its kernels slide over the wrong axes and accuracy stays poor, with no error to point at the cause. BatchNormalization(axis=1), copied from channels_first (Theano, PyTorch) code, normalises each image row instead of each channel.",
      example: [
        "model = keras.Sequential([",
        "    layers.Conv2D(32, 3, activation='relu', input_shape=(3, 32, 32)),",
        "    layers.BatchNormalization(axis=1),",
        "])",
      ].join("\n"),
      fix: "Transpose the data to channels_last (`x = x.transpose(0, 2, 3, 1)`, input_shape=(32, 32, 3)) and use BatchNormalization() (axis=-1); or declare data_format='channels_first' consistently on every layer.",
      options: "",
      references: [KERAS_SEQUENTIAL_GUIDE, "Keras documentation: Conv2D layer, data_format (https://keras.io/api/layers/convolution_layers/convolution2d/)"],
    },
  },
  check(context) {
    for (const model of context.program.models) {
      checkInputShapes(context, model.architecture);
      checkGlobalFormat(context, model.architecture);
      checkBatchNormAxis(context, model.architecture);
    }
  },
});
