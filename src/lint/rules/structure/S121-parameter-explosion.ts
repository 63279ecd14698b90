import { categoryOf, formatShape, lastDim, receivedShapes, WIDTH_PRESERVING } from "../../../model/graph.js";
import type { Architecture, Layer, ProgramModel, Shape } from "../../../model/program.js";
import { defineRule } from "../../rule.js";
import { effectiveDataFormat, previousThrough } from "./_design-helpers.js";

/** The number of features a Flatten outputs: its inferred width, or the product of its input's known dimensions. */
function flattenedWidth(flatten: Layer, map: Shape): number | undefined {
  const known = lastDim(flatten.outputShape);
  if (known !== undefined) return known;
  const dims = map.slice(1);
  return dims.every((d): d is number => typeof d === "number") ? dims.reduce((a, b) => a * b, 1) : undefined;
}

interface Explosion {
  flatten: Layer;
  map: Shape;
  features: number;
  params: number;
}

/** The Dense layer's parameter count when it reads a flattened feature map. */
function flattenedIntoDense(architecture: Architecture, dense: Layer): Explosion | undefined {
  // Layers between the Flatten and its Dense that keep the flattened width.
  const before = previousThrough(architecture, dense, WIDTH_PRESERVING);
  if (!before || categoryOf(before.layer) !== "flatten") return undefined;
  const flatten = before.layer;
  const map = receivedShapes(flatten)[0];
  if (!map || map.length < 3) return undefined;
  const features = flattenedWidth(flatten, map);
  const units = dense.config.units;
  if (features === undefined) return undefined;
  const params = dense.paramCount ?? (units === undefined ? undefined : (features + (dense.config.useBias === false ? 0 : 1)) * units);
  return params === undefined ? undefined : { flatten, map, features, params };
}

/**
 * Whether the map has more positions than channels, so that the parameters come from giving every position
 * its own weights (what global pooling removes). A small map of many channels (VGG's 7×7×512 before its
 * Dense(4096) head) is the classic fully connected classifier: its size comes from the head's width.
 */
function positionsDominate(flatten: Layer, map: Shape, program: ProgramModel): boolean {
  const format = effectiveDataFormat(flatten, program);
  // Ordering unknown: positions dominate only if they do whichever axis holds the channels.
  if (format === "unknown") return [true, false].every((first) => dominates(map, first));
  return dominates(map, format === "channels_first");
}

function dominates(map: Shape, channelsFirst: boolean): boolean {
  const channels = channelsFirst ? map[1] : map[map.length - 1];
  const spatial = channelsFirst ? map.slice(2) : map.slice(1, -1);
  if (typeof channels !== "number" || !spatial.every((d): d is number => typeof d === "number")) return true;
  return spatial.reduce((a, b) => a * b, 1) > channels;
}

function millions(n: number): string {
  return `${(n / 1e6).toFixed(1)} M`;
}

export default defineRule({
  meta: {
    code: "S121",
    name: "parameter-explosion",
    family: "structure",
    severity: "warning",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["inferred shapes", "Dense units"],
    messages: {
      flattenExplosion:
        "{layer} ({kind}) holds {params} parameters (limit {limit}): {flatten} flattens the {map} map into {features} features, each wired to every unit",
    },
    options: {
      maxParameters: { description: "Largest parameter count of one Dense layer after a Flatten not reported.", default: 50_000_000 },
    },
    docs: {
      summary: "Flattening a large feature map into a Dense layer gives one layer more than 50 M parameters.",
      whatItChecks:
        "A Dense layer that reads the output of a Flatten (directly or through dropout, activation or normalisation layers) of a feature map of rank 3 or more, whose parameter count, inferred from the map's shape and the units, exceeds maxParameters, when the map has more positions than channels. A small map of many channels (VGG's 7×7×512 into Dense(4096): 103 M parameters) is the classic fully connected head, sized by its width rather than by positions, and is not reported.",
      whyItMatters:
        "Every position of every channel of the map gets its own weight to every unit: a 56×56×256 map into Dense(128) is 103 M weights. The layer dominates memory (400 MB of float32 weights, three times that with Adam's state), training slows to a crawl or runs out of memory, and the layer overfits because it memorises positions. Global pooling was almost always what was meant: it keeps one value per channel.",
      example: [
        "model = keras.Sequential([",
        "    layers.Conv2D(64, 3, padding='same', activation='relu', input_shape=(224, 224, 3)),",
        "    layers.Flatten(),",
        "    layers.Dense(128, activation='relu'),",
        "])",
      ].join("\n"),
      fix: "Reduce the map before the classifier: `layers.GlobalAveragePooling2D()` instead of Flatten, or more pooling / strided convolutions first.",
      options: "maxParameters (default 50000000): the largest parameter count of one Dense layer after a Flatten not reported.",
      references: [
        "M. Lin, Q. Chen, S. Yan. Network In Network. ICLR 2014 (global average pooling in place of fully connected layers)",
        "Keras documentation: GlobalAveragePooling2D layer (https://keras.io/api/layers/pooling_layers/global_average_pooling2d/)",
      ],
    },
  },
  check(context) {
    const limit = Number(context.options.maxParameters);
    for (const model of context.program.models) {
      const architecture = model.architecture;
      for (const layer of architecture.layers) {
        if (categoryOf(layer) !== "dense" || layer.conditional) continue;
        const explosion = flattenedIntoDense(architecture, layer);
        if (!explosion || !(explosion.params > limit) || !positionsDominate(explosion.flatten, explosion.map, context.program)) continue;
        context.report({
          messageId: "flattenExplosion",
          span: layer.span,
          layer,
          data: {
            layer: layer.name,
            kind: layer.frameworkName,
            params: millions(explosion.params),
            limit: millions(limit),
            flatten: explosion.flatten.name,
            map: formatShape(explosion.map),
            features: explosion.features.toLocaleString("en-US"),
          },
        });
      }
    }
  },
});
