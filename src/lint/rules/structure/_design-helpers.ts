/**
 * Graph walks the structure design rules (S104–S114, S120, S121) share: which layers are convolutions in
 * the design sense, the nearest earlier layer of a sort along every path, a layer's neighbours through
 * layers that do not matter to a rule, and a layer's effective data format. Pure functions; unknown is
 * `undefined` or an empty result.
 */
import { categoryOf, singlePredecessor } from "../../../model/graph.js";
import type { Architecture, Layer, LayerConfig, ProgramModel, Shape } from "../../../model/program.js";
import { LAYER_KINDS, type LayerCategory } from "../../../model/vocabulary.js";

/** A convolution that extracts features (a transposed convolution upsamples: a decoder, not a feature extractor). */
export function isFeatureConvolution(layer: Layer): boolean {
  return categoryOf(layer) === "conv" && layer.kind !== "conv2dTranspose";
}

/** Layers that start a decoder: after them, shrinking filters is the design, not a slip. */
export function isUpsampling(layer: Layer): boolean {
  return categoryOf(layer) === "upsampling" || layer.kind === "conv2dTranspose";
}

/** A local (windowed) pooling layer, max or average; global pooling is not counted. */
export function isLocalPooling(layer: Layer): boolean {
  return categoryOf(layer) === "pool";
}

/** The size of a CNN in NeuraLint's sense: its convolution and pooling layers. */
export function convAndPoolCount(architecture: Architecture): number {
  return architecture.layers.filter((l) => isFeatureConvolution(l) || isLocalPooling(l)).length;
}

/**
 * The nearest earlier layers matching `target` along every path back from `start` (one per path, a path
 * ending at the first match). A layer matching `barrier` ends its path with no match; so does a
 * conditional layer (we cannot tell whether it is there).
 */
export function nearestEarlier(
  architecture: Architecture,
  start: Layer,
  target: (layer: Layer) => boolean,
  barrier: (layer: Layer) => boolean = () => false,
): Layer[] {
  const found = new Map<number, Layer>();
  const seen = new Set<number>();
  const stack = [...start.inbound];
  while (stack.length > 0) {
    const index = stack.pop()!;
    if (seen.has(index)) continue;
    seen.add(index);
    const layer = architecture.layers[index];
    if (!layer || layer.conditional || barrier(layer)) continue;
    if (target(layer)) {
      found.set(layer.index, layer);
      continue;
    }
    stack.push(...layer.inbound);
  }
  return [...found.values()].sort((a, b) => a.index - b.index);
}

/**
 * The layer that feeds `start` once the layers of `skip` categories are passed (single predecessors only:
 * a merge or a conditional layer ends the walk with `undefined`), and the layers passed on the way.
 */
export function previousThrough(
  architecture: Architecture,
  start: Layer,
  skip: ReadonlySet<LayerCategory>,
): { layer: Layer; passed: Layer[] } | undefined {
  const passed: Layer[] = [];
  let layer = singlePredecessor(architecture, start);
  for (let guard = 0; layer && guard < architecture.layers.length; guard++) {
    if (layer.conditional) return undefined;
    if (!skip.has(categoryOf(layer))) return { layer, passed };
    passed.push(layer);
    layer = singlePredecessor(architecture, layer);
  }
  return undefined;
}

/**
 * The data format a spatial layer works in: its own `data_format`, else the program's global image data
 * format, else the frameworks' default (channels_last).
 */
export function effectiveDataFormat(layer: Layer, program: ProgramModel): NonNullable<LayerConfig["dataFormat"]> {
  return layer.config.dataFormat ?? program.imageDataFormat ?? "channels_last";
}

/** Whether a layer works on spatial/temporal maps and so has a data format. */
export function hasDataFormat(layer: Layer): boolean {
  const spec = LAYER_KINDS[layer.kind];
  return spec.spatialRank !== undefined && spec.category !== "recurrent";
}

/** `3×3` for a kernel, `5` for a 1-D one, `?×28` when a size is unknown. */
export function formatSizes(sizes: readonly (number | null)[]): string {
  return sizes.map((s) => (s === null ? "?" : String(s))).join("×");
}

/** A 1×1 convolution: a channel projection (bottleneck, expansion), sized by design rather than by depth. */
export function isPointwise(layer: Layer): boolean {
  return layer.config.kernelSize !== undefined && layer.config.kernelSize.every((k) => k === 1);
}

/** A feature convolution of the given spatial rank (Conv2D and SeparableConv2D compare; Conv1D and Conv2D do not). */
export function isSpatialConvolutionOfRank(layer: Layer, rank: number | undefined): boolean {
  return isFeatureConvolution(layer) && LAYER_KINDS[layer.kind].spatialRank === rank;
}

/** Dropout proper (Dropout, SpatialDropout): zeroes units at training time only and rescales the rest. */
function isDropout(layer: Layer): boolean {
  return (layer.kind === "dropout" || layer.kind === "spatialDropout") && layer.config.rate !== 0;
}

/** Activation layers, which the dropout-placement rules look through. */
const ACTIVATION_LAYERS: ReadonlySet<LayerCategory> = new Set(["activation"]);

/**
 * The dropout layer (S113, S114) that feeds `layer` directly or through activation layers only, with the
 * ` through a, b` clause naming those activation layers ("" when none).
 */
export function dropoutFeeding(architecture: Architecture, layer: Layer): { dropout: Layer; through: string } | undefined {
  const before = previousThrough(architecture, layer, ACTIVATION_LAYERS);
  if (!before || !isDropout(before.layer)) return undefined;
  const through = before.passed.length > 0 ? ` through ${before.passed.map((l) => l.name).join(", ")}` : "";
  return { dropout: before.layer, through };
}

/** Channel counts of images: grayscale, RGB, RGBA. */
const IMAGE_CHANNELS: ReadonlySet<number> = new Set([1, 3, 4]);

/** A model input declared as (channels, ..., size) that feeds a channels_last convolution of its dimensionality (S120). */
export interface ChannelsFirstInput {
  input: Layer;
  /** The input shape without its batch dimension. */
  declared: Shape;
  /** Its first (channel-sized) and last dimensions. */
  channels: number;
  last: number;
  conv: Layer;
}

export function channelsFirstInputs(architecture: Architecture, program: ProgramModel): ChannelsFirstInput[] {
  const found: ChannelsFirstInput[] = [];
  for (const layer of architecture.layers) {
    const declared = layer.inbound.length === 0 ? layer.declaredInputShape?.slice(1) : undefined;
    if (!declared || declared.length < 3) continue;
    const spatialRank = declared.length - 1;
    const first = declared[0];
    const last = declared[declared.length - 1];
    if (typeof first !== "number" || typeof last !== "number" || !IMAGE_CHANNELS.has(first) || last <= 4) continue;
    const conv = architecture.layers.find((l) => isFeatureConvolution(l) && LAYER_KINDS[l.kind].spatialRank === spatialRank);
    if (!conv || effectiveDataFormat(conv, program) !== "channels_last") continue;
    found.push({ input: layer, declared, channels: first, last, conv });
  }
  return found;
}
