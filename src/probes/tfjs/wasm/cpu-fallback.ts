/**
 * A generic fallback kernel: runs a kernel the current backend lacks on the cpu backend. Inputs are
 * copied out with `backend.readSync` (never wrapped in tensors: disposing such a wrapper would free the
 * caller's buffers), the stock cpu kernel runs on the copies, and its outputs are copied back.
 */
import * as tf from "@tensorflow/tfjs";
import type { BackendValues, DataId, KernelBackend, KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from "@tensorflow/tfjs";

/** The kernel-function arguments as tfjs-core passes them (its type says `backend: {}`). */
export interface KernelArgs {
  inputs: NamedTensorInfoMap;
  backend: KernelBackend;
  attrs?: NamedAttrMap;
}

/** The initialised cpu backend, or a clear error when the program did not register one. */
export function cpuBackend(): KernelBackend {
  const cpu = tf.findBackend("cpu") as (KernelBackend & { firstUse?: boolean }) | null;
  if (!cpu) throw new Error("nncheck: the cpu backend is not registered; it is needed to run kernels the current backend lacks");
  // The cpu backend greets its first use in Node with advice to install tfjs-node; here it is only a helper.
  cpu.firstUse = false;
  return cpu;
}

function copyTensorInfo(info: TensorInfo, from: KernelBackend, to: KernelBackend): TensorInfo {
  const values = from.readSync(info.dataId) as BackendValues;
  const dataId: DataId = to.write(values, info.shape, info.dtype);
  return { dataId, shape: info.shape.slice(), dtype: info.dtype };
}

/** Runs `kernelName`'s cpu kernel on copies of `args.inputs` and returns outputs owned by `args.backend`. */
export function runOnCpu(kernelName: string, args: KernelArgs): TensorInfo | TensorInfo[] {
  const cpu = cpuBackend();
  const cpuKernel = tf.getKernel(kernelName, "cpu");
  if (!cpuKernel) throw new Error(`nncheck: no cpu kernel ${kernelName} to fall back on`);
  const target = args.backend;
  const created = new Set<DataId>();
  try {
    const cpuInputs: NamedTensorInfoMap = {};
    for (const [name, info] of Object.entries(args.inputs)) {
      if (!info) continue;
      const copy = copyTensorInfo(info, target, cpu);
      created.add(copy.dataId);
      cpuInputs[name] = copy;
    }
    const result = cpuKernel.kernelFunc({ inputs: cpuInputs, backend: cpu, attrs: args.attrs ?? {} });
    const outputs = Array.isArray(result) ? result : [result];
    for (const out of outputs) created.add(out.dataId);
    const copied = outputs.map((out) => copyTensorInfo(out, cpu, target));
    return Array.isArray(result) ? copied : copied[0]!;
  } finally {
    for (const dataId of created) cpu.disposeData(dataId, true);
  }
}

/** A kernel config for `backendName` that runs `kernelName` on the cpu backend. */
export function cpuFallbackKernel(kernelName: string, backendName: string): KernelConfig {
  return {
    kernelName,
    backendName,
    kernelFunc: (args) => runOnCpu(kernelName, args as unknown as KernelArgs),
  };
}
