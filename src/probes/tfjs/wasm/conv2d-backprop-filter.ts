/**
 * Conv2DBackpropFilter by im2col: gather the input patches into an [N, K] matrix in plain JS
 * (N = batch·outH·outW output positions, K = filterH·filterW·inChannels), then one matMul with dy
 * ([N, outChannels]) gives dW as [K, outChannels] = the filter layout [fh, fw, inC, outC].
 * The wasm backend has no such kernel, and the stock cpu one is a 7-deep scalar loop.
 */
import * as tf from "@tensorflow/tfjs";
import type { KernelConfig, TensorInfo } from "@tensorflow/tfjs";
import { runOnCpu, type KernelArgs } from "./cpu-fallback.js";

interface Conv2DBackpropFilterAttrs {
  strides: [number, number] | number;
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
  filterShape: [number, number, number, number];
}

/** Gathers the input patches of every output position, row-major [N, K]; padding positions stay 0. */
export function gatherPatches(x: Float32Array, info: tf.backend_util.Conv2DInfo): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth } = info;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const k = filterHeight * filterWidth * inChannels;
  const patches = new Float32Array(batchSize * outHeight * outWidth * k);
  let rowStart = 0;
  for (let b = 0; b < batchSize; b++) {
    const batchOffset = b * inHeight * inWidth * inChannels;
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        for (let r = 0; r < filterHeight; r++) {
          const ih = oh * strideHeight - top + r * dilationHeight;
          if (ih < 0 || ih >= inHeight) continue;
          for (let c = 0; c < filterWidth; c++) {
            const iw = ow * strideWidth - left + c * dilationWidth;
            if (iw < 0 || iw >= inWidth) continue;
            const src = batchOffset + (ih * inWidth + iw) * inChannels;
            const dst = rowStart + (r * filterWidth + c) * inChannels;
            for (let ch = 0; ch < inChannels; ch++) patches[dst + ch] = x[src + ch]!;
          }
        }
        rowStart += k;
      }
    }
  }
  return patches;
}

/** The im2col kernel function for any backend that has a BatchMatMul kernel. */
export function conv2DBackpropFilterIm2col(backendName: string) {
  return (args: KernelArgs): TensorInfo | TensorInfo[] => {
    const { inputs, backend } = args;
    const attrs = args.attrs as unknown as Conv2DBackpropFilterAttrs;
    const x = inputs["x"]!;
    const dy = inputs["dy"]!;
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      attrs.filterShape,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
      false,
      tf.backend_util.convertConv2DDataFormat(attrs.dataFormat),
    );
    const matMul = tf.getKernel("BatchMatMul", backendName);
    if (info.dataFormat !== "channelsLast" || !matMul || dy.dtype !== "float32") {
      return runOnCpu("Conv2DBackpropFilter", args);
    }
    const raw = backend.readSync(x.dataId);
    const xValues = raw instanceof Float32Array ? raw : Float32Array.from(raw as ArrayLike<number>);
    const n = info.batchSize * info.outHeight * info.outWidth;
    const k = info.filterHeight * info.filterWidth * info.inChannels;
    const patchShape = [1, n, k];
    const patches: TensorInfo = { dataId: backend.write(gatherPatches(xValues, info), patchShape, "float32"), shape: patchShape, dtype: "float32" };
    try {
      const dyAsMatrix: TensorInfo = { dataId: dy.dataId, shape: [1, n, info.outChannels], dtype: "float32" };
      const product = matMul.kernelFunc({
        inputs: { a: patches, b: dyAsMatrix },
        backend,
        attrs: { transposeA: true, transposeB: false },
      }) as TensorInfo;
      return { dataId: product.dataId, shape: info.filterShape.slice(), dtype: "float32" };
    } finally {
      backend.disposeData(patches.dataId);
    }
  };
}

export function conv2DBackpropFilterIm2colKernel(backendName: string): KernelConfig {
  const kernelFunc = conv2DBackpropFilterIm2col(backendName);
  return {
    kernelName: "Conv2DBackpropFilter",
    backendName,
    kernelFunc: (args) => kernelFunc(args as unknown as KernelArgs),
  };
}
