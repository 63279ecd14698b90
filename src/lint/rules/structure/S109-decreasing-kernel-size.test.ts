import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S109-decreasing-kernel-size.js";

const conv = (k: number[], filters = 32) => ({ filters, kernelSize: k, strides: k.map(() => 1), padding: "same" as const });

ruleTester(rule, {
  valid: [
    { name: "constant 3x3 kernels", program: model().layer("conv2d", conv([3, 3])).layer("maxPooling2d").layer("conv2d", conv([3, 3])).program() },
    { name: "growing kernels", program: model().layer("conv2d", conv([3, 3])).layer("conv2d", conv([5, 5])).program() },
    { name: "1x1 projection after a 3x3", program: model().layer("conv2d", conv([3, 3])).layer("conv2d", conv([1, 1])).layer("conv2d", conv([3, 3])).program() },
    { name: "different dimensionality", program: model().layer("conv1d", conv([7])).layer("conv2d", conv([3, 3])).program() },
    { name: "decoder after upsampling", program: model().layer("conv2d", conv([5, 5])).layer("upSampling2d").layer("conv2d", conv([3, 3])).program() },
    { name: "strided 7x7 stem (ResNet)", program: model().layer("conv2d", { ...conv([7, 7]), strides: [2, 2] }).layer("maxPooling2d").layer("conv2d", conv([3, 3])).program() },
    { name: "kernel unknown", program: model().layer("conv2d", { filters: 32 }).layer("conv2d", conv([3, 3])).program() },
    {
      name: "Python: kernels grow with depth",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([
            layers.Conv2D(32, (3, 3), activation='relu', input_shape=(28, 28, 1)),
            layers.MaxPooling2D((2, 2)),
            layers.Conv2D(64, (5, 5), activation='relu'),
            layers.Flatten(),
            layers.Dense(10, activation='softmax'),
        ])
      `,
    },
  ],
  invalid: [
    {
      name: "7x7 then 3x3: the earlier layer is reported",
      program: model().layer("conv2d", conv([7, 7])).layer("maxPooling2d").layer("conv2d", conv([3, 3])).layer("conv2d", conv([3, 3])).program(),
      errors: [{ messageId: "largerKernelFirst", line: 1, column: 1, data: { layer: "conv2d_0", kernel: "7×7", later: "conv2d_2", laterKernel: "3×3" } }],
    },
    {
      name: "smaller in one dimension",
      program: model().layer("conv2d", conv([3, 5])).layer("conv2d", conv([3, 3])).program(),
      errors: [{ messageId: "largerKernelFirst", line: 1, data: { kernel: "3×5", laterKernel: "3×3" } }],
    },
    {
      name: "each decreasing step is reported once",
      program: model().layer("conv1d", conv([7])).layer("conv1d", conv([5])).layer("conv1d", conv([3])).program(),
      errors: [
        { messageId: "largerKernelFirst", line: 1, data: { kernel: "7", laterKernel: "5" } },
        { messageId: "largerKernelFirst", line: 2, data: { kernel: "5", laterKernel: "3" } },
      ],
    },
    {
      name: "a branch with a smaller kernel",
      program: model().layer("conv2d", conv([5, 5])).layer("conv2d", conv([5, 5])).layer("conv2d", conv([3, 3]), { inbound: [0] }).layer("concatenate", {}, { inbound: [1, 2] }).program(),
      errors: [{ messageId: "largerKernelFirst", line: 1, data: { layer: "conv2d_0", later: "conv2d_2" } }],
    },
    {
      name: "Python CNN with a 5x5 stem",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([
            layers.Conv2D(32, (5, 5), activation='relu', input_shape=(28, 28, 1)),
            layers.MaxPooling2D((2, 2)),
            layers.Conv2D(64, (3, 3), activation='relu'),
            layers.Flatten(),
            layers.Dense(10, activation='softmax'),
        ])
      `,
      errors: [{ messageId: "largerKernelFirst", line: 4, column: 5, data: { layer: "conv2d", later: "conv2d_1", kernel: "5×5", laterKernel: "3×3" } }],
    },
  ],
});
