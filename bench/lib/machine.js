// The machine a benchmark ran on, as every result file records it.
import os from "node:os";

/** CPU model, cores, Node version, OS and the 1-minute load average at the time of the call. */
export function machineInfo() {
  return {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    loadAverage: Number(os.loadavg()[0].toFixed(2)),
  };
}
