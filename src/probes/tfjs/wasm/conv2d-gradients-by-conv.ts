/**
 * Both gradients of Conv2D as forward convolutions, which the wasm backend runs through XNNPACK at
 * several times the speed of its own Conv2DBackpropInput (a scalar loop) and of the im2col filter
 * gradient (patches gathered in plain JS: hundreds of megabytes on a 224×224 image):
 *
 * - input gradient: the output gradient, spread by the strides (zeros between rows and columns),
 *   convolved with the filter rotated 180° and its channel axes swapped;
 * - filter gradient: with the batch and channel axes swapped, the input convolved with the output
 *   gradient as the filter, dilated by the strides; the result, transposed, is [fh, fw, inC, outC].
 *
 * Each builds its intermediate tensors from the backend's own kernels and frees them. Cases outside
 * them (channels-first, dilated convs, paddings that would have to be negative) go to the kernel that was
 * registered before.
 */
import * as tf from "@tensorflow/tfjs";
import type { DataId, KernelBackend, KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from "@tensorflow/tfjs";
import type { KernelArgs } from "./cpu-fallback.js";

type Pad = "valid" | "same" | number | tf.backend_util.ExplicitPadding;

interface ConvGradientAttrs {
  strides: [number, number] | number;
  pad: Pad;
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
}

/** Runs other kernels of one backend and frees what they made, except what is kept. */
class KernelRunner {
  private readonly made: DataId[] = [];

  constructor(
    private readonly backend: KernelBackend,
    private readonly backendName: string,
  ) {}

  run(kernelName: string, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap): TensorInfo {
    const kernel = tf.getKernel(kernelName, this.backendName);
    if (!kernel) throw new Error(`nncheck: no ${kernelName} kernel on ${this.backendName}`);
    const out = kernel.kernelFunc({ inputs, backend: this.backend, attrs }) as TensorInfo;
    this.made.push(out.dataId);
    return out;
  }

  /** Frees every intermediate but `kept`. */
  release(kept?: TensorInfo): void {
    for (const dataId of this.made) if (dataId !== kept?.dataId) this.backend.disposeData(dataId);
  }
}

/** The same data seen with another shape (row-major data: a reshape is a new view of it). */
function view(info: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

function convInfo(inputShape: number[], filterShape: number[], attrs: ConvGradientAttrs): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    inputShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    tf.backend_util.convertConv2DDataFormat(attrs.dataFormat),
  );
}

function hasKernels(backendName: string, names: readonly string[]): boolean {
  return names.every((name) => tf.getKernel(name, backendName) !== undefined);
}

/** The explicit padding of a Conv2D call: [[0, 0], [top, bottom], [left, right], [0, 0]]. */
function explicit(top: number, bottom: number, left: number, right: number): tf.backend_util.ExplicitPadding {
  return [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
}

/**
 * Conv2DBackpropInput as a convolution; `fallback` serves what it does not.
 * dx[b, ih, iw, i] = Σ dy[b, oh, ow, o] · W[r, c, i, o] over ih = oh·s − top + r.
 */
export function conv2DBackpropInputByConv(backendName: string, fallback: KernelFunc): (args: KernelArgs) => TensorInfo | TensorInfo[] {
  // Looked up once: the kernels it runs are registered with the backend, before it.
  const kernelsPresent = hasKernels(backendName, ["Conv2D", "Reverse", "Transpose", "PadV2"]);
  return (args) => {
    const { inputs, backend } = args;
    const attrs = args.attrs as unknown as ConvGradientAttrs & { inputShape: number[] };
    const dy = inputs["dy"]!;
    const filter = inputs["filter"]!;
    const info = convInfo(attrs.inputShape, filter.shape, attrs);
    const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
    const before = [fh - 1 - info.padInfo.top, fw - 1 - info.padInfo.left];
    // The spread gradient is outHeight·sh tall (trailing zeros included): the padding after makes the output inHeight.
    const after = [info.inHeight - info.outHeight * sh - before[0]! + fh - 1, info.inWidth - info.outWidth * sw - before[1]! + fw - 1];
    const usable =
      info.dataFormat === "channelsLast" &&
      dy.dtype === "float32" &&
      [...before, ...after].every((p) => p >= 0) &&
      kernelsPresent;
    if (!usable) return fallback(args as never) as TensorInfo;
    const runner = new KernelRunner(backend, backendName);
    let result: TensorInfo | undefined;
    try {
      const [b, oh, ow, oc] = dy.shape as [number, number, number, number];
      let spread = dy;
      if (sh > 1 || sw > 1) {
        const padded = runner.run("PadV2", { x: view(dy, [b, oh, 1, ow, 1, oc]) }, {
          paddings: [
            [0, 0],
            [0, 0],
            [0, sh - 1],
            [0, 0],
            [0, sw - 1],
            [0, 0],
          ],
          constantValue: 0,
        } as unknown as NamedAttrMap);
        spread = view(padded, [b, oh * sh, ow * sw, oc]);
      }
      const rotated = runner.run("Reverse", { x: filter }, { dims: [0, 1] } as unknown as NamedAttrMap);
      const swapped = runner.run("Transpose", { x: rotated }, { perm: [0, 1, 3, 2] } as unknown as NamedAttrMap);
      result = runner.run("Conv2D", { x: spread, filter: swapped }, {
        strides: [1, 1],
        pad: explicit(before[0]!, after[0]!, before[1]!, after[1]!),
        dataFormat: "NHWC",
        dilations: [1, 1],
      } as unknown as NamedAttrMap);
      return result;
    } finally {
      runner.release(result);
    }
  };
}

/**
 * Conv2DBackpropFilter as a convolution; `fallback` serves what it does not.
 * dW[r, c, i, o] = Σ x[b, oh·s − top + r, …, i] · dy[b, oh, ow, o].
 */
export function conv2DBackpropFilterByConv(backendName: string, fallback: KernelFunc): (args: KernelArgs) => TensorInfo | TensorInfo[] {
  const kernelsPresent = hasKernels(backendName, ["Conv2D", "Transpose"]);
  return (args) => {
    const { inputs, backend } = args;
    const attrs = args.attrs as unknown as ConvGradientAttrs & { filterShape: [number, number, number, number] };
    const x = inputs["x"]!;
    const dy = inputs["dy"]!;
    const info = convInfo(x.shape, attrs.filterShape, attrs);
    const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw, padInfo } = info;
    // Rows below the input so that the dilated gradient filter slides exactly filterHeight times.
    const bottom = fh + (info.outHeight - 1) * sh - info.inHeight - padInfo.top;
    const right = fw + (info.outWidth - 1) * sw - info.inWidth - padInfo.left;
    const usable =
      info.dataFormat === "channelsLast" &&
      x.dtype === "float32" &&
      dy.dtype === "float32" &&
      bottom >= 0 &&
      right >= 0 &&
      kernelsPresent;
    if (!usable) return fallback(args as never) as TensorInfo;
    const runner = new KernelRunner(backend, backendName);
    let result: TensorInfo | undefined;
    try {
      const channelsAsBatch = runner.run("Transpose", { x }, { perm: [3, 1, 2, 0] } as unknown as NamedAttrMap);
      const gradientAsFilter = runner.run("Transpose", { x: dy }, { perm: [1, 2, 0, 3] } as unknown as NamedAttrMap);
      const product = runner.run("Conv2D", { x: channelsAsBatch, filter: gradientAsFilter }, {
        strides: [1, 1],
        pad: explicit(padInfo.top, bottom, padInfo.left, right),
        dataFormat: "NHWC",
        dilations: [sh, sw],
      } as unknown as NamedAttrMap);
      result = runner.run("Transpose", { x: product }, { perm: [1, 2, 0, 3] } as unknown as NamedAttrMap);
      return result;
    } finally {
      runner.release(result);
    }
  };
}

/** Kernel configs that replace `backendName`'s Conv2D gradients, falling back on the kernels registered now. */
export function conv2DGradientsByConvKernels(backendName: string): KernelConfig[] {
  const configs: KernelConfig[] = [];
  const input = tf.getKernel("Conv2DBackpropInput", backendName);
  if (input) {
    const kernelFunc = conv2DBackpropInputByConv(backendName, input.kernelFunc);
    configs.push({ kernelName: "Conv2DBackpropInput", backendName, kernelFunc: (args) => kernelFunc(args as unknown as KernelArgs) });
  }
  const filter = tf.getKernel("Conv2DBackpropFilter", backendName);
  if (filter) {
    const kernelFunc = conv2DBackpropFilterByConv(backendName, filter.kernelFunc);
    configs.push({ kernelName: "Conv2DBackpropFilter", backendName, kernelFunc: (args) => kernelFunc(args as unknown as KernelArgs) });
  }
  return configs;
}
