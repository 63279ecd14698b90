import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import type { NamedAttrMap } from "@tensorflow/tfjs";
import { missingKernels, registerWasmTrainingKernels, useIm2colConv2DBackpropFilter, useRowwiseUnsortedSegmentSum } from "./register.js";
import { useWasmBackend } from "./node-setup.js";
import { conv2DBackpropFilterByConv, conv2DBackpropInputByConv } from "./conv2d-gradients-by-conv.js";

/** Deterministic pseudo-random values in [-1, 1). */
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

interface InputSpec {
  shape: number[];
  dtype?: "float32" | "int32";
  data?: number[];
}

/** Runs one kernel on `backendName` and returns its output values; checks nothing leaked. */
async function runKernel(backendName: string, kernel: string, inputs: Record<string, InputSpec>, attrs: NamedAttrMap): Promise<{ shape: number[]; values: Float32Array }> {
  await tf.setBackend(backendName);
  const before = tf.memory().numTensors;
  const tensors: Record<string, tf.Tensor> = {};
  let seed = 7;
  for (const [name, spec] of Object.entries(inputs)) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    tensors[name] = spec.data ? tf.tensor(spec.data, spec.shape, spec.dtype ?? "float32") : tf.tensor(values(size, seed++), spec.shape);
  }
  const out = tf.engine().runKernel(kernel, tensors, attrs) as tf.Tensor;
  const result = { shape: out.shape.slice(), values: Float32Array.from(out.dataSync()) };
  out.dispose();
  for (const t of Object.values(tensors)) t.dispose();
  expect(tf.memory().numTensors).toBe(before);
  return result;
}

function expectClose(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const scale = Math.max(1, Math.abs(expected[i]!));
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / scale);
  }
  expect(worst).toBeLessThan(1e-4);
}

function convOutShape(x: number[], filter: number[], strides: number | [number, number], pad: "same" | "valid" | number, depthwise = false): number[] {
  const info = tf.backend_util.computeConv2DInfo(x as [number, number, number, number], filter as [number, number, number, number], strides, 1, pad, undefined, depthwise);
  return info.outShape;
}

beforeAll(async () => {
  expect(await useWasmBackend()).toBe(true);
});

afterAll(async () => {
  await tf.setBackend("wasm");
});

describe("registerWasmTrainingKernels", () => {
  it("registers every training kernel the wasm backend lacked, and is idempotent", () => {
    for (const name of ["Conv2DBackpropFilter", "DepthwiseConv2dNativeBackpropFilter", "DepthwiseConv2dNativeBackpropInput", "UnsortedSegmentSum"]) {
      expect(tf.getKernel(name, "wasm"), name).toBeDefined();
    }
    expect(missingKernels("wasm")).toEqual([]);
    expect(registerWasmTrainingKernels()).toEqual([]);
  });
});

const convCases: { x: number[]; filter: [number, number, number, number]; strides: number | [number, number]; pad: "same" | "valid" | number }[] = [
  { x: [2, 7, 7, 3], filter: [3, 3, 3, 4], strides: 1, pad: "same" },
  { x: [2, 9, 8, 2], filter: [3, 3, 2, 5], strides: 2, pad: "valid" },
  { x: [1, 8, 6, 2], filter: [2, 3, 2, 3], strides: [2, 1], pad: "same" },
  { x: [3, 6, 6, 4], filter: [5, 5, 4, 2], strides: 1, pad: 1 },
  { x: [1, 5, 1, 3], filter: [3, 1, 3, 2], strides: 1, pad: "valid" },
];

describe("Conv2DBackpropFilter (im2col)", () => {
  for (const c of convCases) {
    it(`matches the stock cpu kernel: x ${c.x} filter ${c.filter} strides ${c.strides} pad ${c.pad}`, async () => {
      const inputs = { x: { shape: c.x }, dy: { shape: convOutShape(c.x, c.filter, c.strides, c.pad) } };
      const attrs = { strides: c.strides, pad: c.pad, dataFormat: "NHWC", dimRoundingMode: undefined, filterShape: c.filter } as unknown as NamedAttrMap;
      const reference = await runKernel("cpu", "Conv2DBackpropFilter", inputs, attrs);
      const onWasm = await runKernel("wasm", "Conv2DBackpropFilter", inputs, attrs);
      expect(onWasm.shape).toEqual(c.filter);
      expectClose(onWasm.values, reference.values);
      const restore = useIm2colConv2DBackpropFilter("cpu");
      try {
        const im2colOnCpu = await runKernel("cpu", "Conv2DBackpropFilter", inputs, attrs);
        expectClose(im2colOnCpu.values, reference.values);
      } finally {
        restore();
      }
    });
  }
});

describe("Conv2D gradients as forward convolutions", () => {
  const cases = [
    ...convCases,
    { x: [2, 10, 10, 3], filter: [3, 3, 3, 4] as [number, number, number, number], strides: 2, pad: "same" as const },
    { x: [1, 12, 11, 2], filter: [7, 7, 2, 3] as [number, number, number, number], strides: 2, pad: "same" as const },
    { x: [2, 6, 6, 4], filter: [1, 1, 4, 8] as [number, number, number, number], strides: 1, pad: "valid" as const },
  ];
  for (const c of cases) {
    const dyShape = convOutShape(c.x, c.filter, c.strides, c.pad);
    const common = { strides: c.strides, pad: c.pad, dataFormat: "NHWC", dimRoundingMode: undefined };
    it(`Conv2DBackpropInput on wasm matches the cpu kernel: x ${c.x} filter ${c.filter} strides ${c.strides} pad ${c.pad}`, async () => {
      const inputs = { dy: { shape: dyShape }, filter: { shape: c.filter } };
      const attrs = { ...common, inputShape: c.x } as unknown as NamedAttrMap;
      const reference = await runKernel("cpu", "Conv2DBackpropInput", inputs, attrs);
      const onWasm = await runKernel("wasm", "Conv2DBackpropInput", inputs, attrs);
      expect(onWasm.shape).toEqual(c.x);
      expectClose(onWasm.values, reference.values);
    });
    it(`Conv2DBackpropFilter on wasm matches the cpu kernel: x ${c.x} filter ${c.filter} strides ${c.strides} pad ${c.pad}`, async () => {
      const inputs = { x: { shape: c.x }, dy: { shape: dyShape } };
      const attrs = { ...common, filterShape: c.filter } as unknown as NamedAttrMap;
      const reference = await runKernel("cpu", "Conv2DBackpropFilter", inputs, attrs);
      const onWasm = await runKernel("wasm", "Conv2DBackpropFilter", inputs, attrs);
      expect(onWasm.shape).toEqual(c.filter);
      expectClose(onWasm.values, reference.values);
    });
  }

  it("serves same-padded and 1×1 convolutions itself, and hands the rest to the kernel registered before", async () => {
    await tf.setBackend("wasm");
    const served: string[] = [];
    const fallback = (name: string) => (() => {
      served.push(name);
      return { dataId: {}, shape: [], dtype: "float32" };
    }) as unknown as tf.KernelFunc;
    const byConvInput = conv2DBackpropInputByConv("wasm", fallback("input"));
    const byConvFilter = conv2DBackpropFilterByConv("wasm", fallback("filter"));
    const backend = tf.backend();
    const call = (x: number[], filter: [number, number, number, number], strides: number, pad: "same" | "valid") => {
      const dyShape = convOutShape(x, filter, strides, pad);
      const dy = tf.ones(dyShape);
      const w = tf.ones(filter);
      const xs = tf.ones(x);
      const attrs = { strides, pad, dataFormat: "NHWC", dimRoundingMode: undefined };
      const outs = [
        byConvInput({ inputs: { dy, filter: w }, backend, attrs: { ...attrs, inputShape: x } as unknown as NamedAttrMap }),
        byConvFilter({ inputs: { x: xs, dy }, backend, attrs: { ...attrs, filterShape: filter } as unknown as NamedAttrMap }),
      ] as tf.TensorInfo[];
      for (const out of outs) if (out.shape.length > 0) backend.disposeData(out.dataId);
      tf.dispose([dy, w, xs]);
    };
    call([1, 8, 8, 2], [3, 3, 2, 4], 1, "same");
    call([1, 8, 8, 2], [1, 1, 2, 4], 1, "valid");
    expect(served).toEqual([]);
    // 8 tall, stride 2, valid: the last row is never read, and the filter gradient would need a negative padding.
    call([1, 8, 9, 2], [3, 3, 2, 4], 2, "valid");
    expect(served).toEqual(["filter"]);
  });
});

describe("cpu fallbacks", () => {
  const depthwiseCases: { x: [number, number, number, number]; filter: [number, number, number, number]; strides: number; pad: "same" | "valid" }[] = [
    { x: [2, 6, 6, 3], filter: [3, 3, 3, 2], strides: 1, pad: "same" },
    { x: [1, 9, 7, 2], filter: [3, 2, 2, 1], strides: 2, pad: "valid" },
  ];
  for (const c of depthwiseCases) {
    const dyShape = convOutShape(c.x, c.filter, c.strides, c.pad, true);
    it(`DepthwiseConv2dNativeBackpropFilter matches cpu: x ${c.x} filter ${c.filter} strides ${c.strides} ${c.pad}`, async () => {
      const inputs = { x: { shape: c.x }, dy: { shape: dyShape } };
      const attrs = { strides: c.strides, pad: c.pad, dilations: 1, dimRoundingMode: undefined, filterShape: c.filter } as unknown as NamedAttrMap;
      const reference = await runKernel("cpu", "DepthwiseConv2dNativeBackpropFilter", inputs, attrs);
      const onWasm = await runKernel("wasm", "DepthwiseConv2dNativeBackpropFilter", inputs, attrs);
      expect(onWasm.shape).toEqual(reference.shape);
      expectClose(onWasm.values, reference.values);
    });
    it(`DepthwiseConv2dNativeBackpropInput matches cpu: x ${c.x} filter ${c.filter} strides ${c.strides} ${c.pad}`, async () => {
      const inputs = { dy: { shape: dyShape }, filter: { shape: c.filter } };
      const attrs = { strides: c.strides, pad: c.pad, dilations: 1, dimRoundingMode: undefined, inputShape: c.x } as unknown as NamedAttrMap;
      const reference = await runKernel("cpu", "DepthwiseConv2dNativeBackpropInput", inputs, attrs);
      const onWasm = await runKernel("wasm", "DepthwiseConv2dNativeBackpropInput", inputs, attrs);
      expect(onWasm.shape).toEqual(c.x);
      expectClose(onWasm.values, reference.values);
    });
  }

  it("UnsortedSegmentSum matches cpu", async () => {
    const inputs = { x: { shape: [6, 4] }, segmentIds: { shape: [6], dtype: "int32" as const, data: [0, 2, 2, 1, 0, 4] } };
    const attrs = { numSegments: 5 } as NamedAttrMap;
    const reference = await runKernel("cpu", "UnsortedSegmentSum", inputs, attrs);
    const onWasm = await runKernel("wasm", "UnsortedSegmentSum", inputs, attrs);
    expect(onWasm.shape).toEqual([5, 4]);
    expectClose(onWasm.values, reference.values);
    // Segment 3 receives no row: its sums are exactly zero.
    expect(Array.from(onWasm.values.slice(12, 16))).toEqual([0, 0, 0, 0]);
  });

  const segmentCases: { name: string; x: InputSpec; ids: number[]; idsShape: number[]; numSegments: number }[] = [
    { name: "ids out of range dropped", x: { shape: [5, 3] }, ids: [1, -1, 4, 0, 1], idsShape: [5], numSegments: 3 },
    { name: "int32 values", x: { shape: [4, 2], dtype: "int32", data: [1, 2, 3, 4, 5, 6, 7, 8] }, ids: [1, 1, 0, 1], idsShape: [4], numSegments: 2 },
  ];
  for (const c of segmentCases) {
    it(`UnsortedSegmentSum (rows in one pass) matches the stock cpu kernel: ${c.name}`, async () => {
      const inputs = { x: c.x, segmentIds: { shape: c.idsShape, dtype: "int32" as const, data: c.ids } };
      const attrs = { numSegments: c.numSegments } as NamedAttrMap;
      const reference = await runKernel("cpu", "UnsortedSegmentSum", inputs, attrs);
      const onWasm = await runKernel("wasm", "UnsortedSegmentSum", inputs, attrs);
      expect(onWasm.shape).toEqual(reference.shape);
      expectClose(onWasm.values, reference.values);
    });
  }

  it("useRowwiseUnsortedSegmentSum replaces the cpu kernel with the same sums, idempotently", async () => {
    const inputs = { x: { shape: [7, 3] }, segmentIds: { shape: [7], dtype: "int32" as const, data: [3, 0, 3, 9, 1, 0, 2] } };
    const attrs = { numSegments: 5 } as NamedAttrMap;
    const stock = tf.getKernel("UnsortedSegmentSum", "cpu")!.kernelFunc;
    const reference = await runKernel("cpu", "UnsortedSegmentSum", inputs, attrs);
    useRowwiseUnsortedSegmentSum("cpu");
    const replacement = tf.getKernel("UnsortedSegmentSum", "cpu")!.kernelFunc;
    expect(replacement).not.toBe(stock);
    useRowwiseUnsortedSegmentSum("cpu");
    expect(tf.getKernel("UnsortedSegmentSum", "cpu")!.kernelFunc).toBe(replacement);
    const rowwise = await runKernel("cpu", "UnsortedSegmentSum", inputs, attrs);
    expect(rowwise.shape).toEqual([5, 3]);
    expectClose(rowwise.values, reference.values);
    // An Embedding's gradient through it: the rows of the looked-up words only.
    const table = tf.variable(tf.zeros([6, 2]));
    const grads = tf.grads((t: tf.Tensor) => tf.sum(tf.gather(t, tf.tensor1d([4, 1, 4], "int32"))));
    const [gradient] = grads([table]);
    expect(Array.from(gradient!.dataSync())).toEqual([0, 0, 1, 1, 0, 0, 0, 0, 2, 2, 0, 0]);
    tf.dispose([table, gradient!]);
  });
});

describe("training on wasm", () => {
  it("trains a small CNN (conv2d, separable and depthwise convs) and an embedding model", async () => {
    await tf.setBackend("wasm");
    const before = tf.memory().numTensors;
    const cnn = tf.sequential({
      layers: [
        // Seeded initialisers and no shuffling: the run is the same every time (an unlucky random
        // init can leave every ReLU dead and the loss flat).
        tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, activation: "relu", kernelInitializer: tf.initializers.heNormal({ seed: 1 }), biasInitializer: tf.initializers.constant({ value: 0.1 }) }),
        tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 1, activation: "relu", depthwiseInitializer: tf.initializers.heNormal({ seed: 2 }), biasInitializer: tf.initializers.constant({ value: 0.1 }) }),
        tf.layers.separableConv2d({ filters: 4, kernelSize: 2, activation: "relu", depthwiseInitializer: tf.initializers.heNormal({ seed: 3 }), pointwiseInitializer: tf.initializers.heNormal({ seed: 4 }), biasInitializer: tf.initializers.constant({ value: 0.1 }) }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2, activation: "softmax", kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }) }),
      ],
    });
    cnn.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy" });
    // Class 1 images are bright in the top half, class 0 in the bottom half.
    const n = 64;
    const images = new Float32Array(n * 64);
    const labels = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) {
      const cls = i % 2;
      labels[i * 2 + cls] = 1;
      for (let p = 0; p < 64; p++) images[i * 64 + p] = (p < 32) === (cls === 1) ? 1 : 0.1 * ((p * 7 + i) % 3);
    }
    const xs = tf.tensor4d(images, [n, 8, 8, 1]);
    const ys = tf.tensor2d(labels, [n, 2]);
    const history = await cnn.fit(xs, ys, { epochs: 8, batchSize: 16, shuffle: false, verbose: 0 });
    const losses = history.history["loss"] as number[];
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! * 0.7);

    const embed = tf.sequential({
      layers: [tf.layers.embedding({ inputDim: 10, outputDim: 4, inputLength: 3 }), tf.layers.flatten(), tf.layers.dense({ units: 1 })],
    });
    embed.compile({ optimizer: "sgd", loss: "meanSquaredError" });
    const ids = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2], [4, 3], "int32");
    const targets = tf.tensor2d([1, 0, 1, 0], [4, 1]);
    const embedHistory = await embed.fit(ids, targets, { epochs: 2, verbose: 0 });
    expect((embedHistory.history["loss"] as number[]).every(Number.isFinite)).toBe(true);

    tf.dispose([xs, ys, ids, targets]);
    cnn.optimizer.dispose(); // passed as an instance, so the model does not own it
    cnn.dispose();
    embed.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
