/** Shared helpers for probe tests: synthetic data, a record collector, small models. */
import * as tf from "@tensorflow/tfjs";
/** Deterministic pseudo-random generator (LCG) so trainings are reproducible. */
export function rng(seed) {
    let s = seed >>> 0 || 1;
    return () => {
        s = (s * 1664525 + 1013904223) >>> 0;
        return s / 2 ** 32;
    };
}
/** A 3-class problem on `features` inputs that an MLP learns easily: the class is the argmax of 3 fixed projections. */
export function classificationData(n, features, classes = 3, seed = 1) {
    const rand = rng(seed);
    const x = new Float32Array(n * features);
    const y = new Float32Array(n * classes);
    for (let i = 0; i < n; i++) {
        const scores = new Array(classes).fill(0);
        for (let f = 0; f < features; f++) {
            const v = rand() * 2 - 1;
            x[i * features + f] = v;
            scores[f % classes] += v;
        }
        y[i * classes + scores.indexOf(Math.max(...scores))] = 1;
    }
    return { xs: tf.tensor2d(x, [n, features]), ys: tf.tensor2d(y, [n, classes]) };
}
/** Collects records in memory. */
export function collector() {
    const records = [];
    return { records, write: (r) => void records.push(structuredClone(r)) };
}
export function tensorsRecords(records) {
    return records.filter((r) => r.type === "tensors");
}
export function entries(records, filter) {
    return tensorsRecords(records).flatMap((r) => r.tensors.filter((t) => (filter.layer === undefined || t.layer === filter.layer) && (filter.role === undefined || t.role === filter.role) && (filter.parameter === undefined || t.parameter === filter.parameter)));
}
export function mlp(layers, inputs) {
    return tf.sequential({
        layers: layers.map((l, i) => tf.layers.dense({
            units: l.units,
            activation: l.activation,
            ...(i === 0 ? { inputShape: [inputs] } : {}),
            ...(l.name ? { name: l.name } : {}),
            ...(l.kernelInitializer ? { kernelInitializer: l.kernelInitializer } : {}),
            ...(l.biasInitializer ? { biasInitializer: l.biasInitializer } : {}),
            ...(l.trainable === false ? { trainable: false } : {}),
        })),
    });
}
//# sourceMappingURL=helpers.js.map