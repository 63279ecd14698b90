const { computeStats, countNonFinite, subsample } = await import("../dist/probes/tfjs/stats.js");
const a = new Float32Array(100352).map(() => Math.random() - 0.5);
const act = new Float32Array(64 * 128).map(() => Math.max(0, Math.random() - 0.5));
function t(name, f, n = 200) { f(); const s = performance.now(); for (let i = 0; i < n; i++) f(); console.log(name, ((performance.now() - s) / n).toFixed(3), "ms"); }
t("stats 100k", () => computeStats(a, [784, 128]));
t("nonFinite 100k", () => countNonFinite(a));
t("subsample 100k", () => subsample(a, [784, 128], 4096));
t("stats act 64x128 perUnit", () => computeStats(act, [64, 128], { perUnit: true }));
t("stats act 64x128", () => computeStats(act, [64, 128]));
t("sort 4096", () => new Float64Array(4096).map(() => Math.random()).sort());
