/**
 * The charting library inlined into every page (no network at view time): uPlot's minified build and its
 * stylesheet, read once from the installed package. uPlot is small (~50 kB), draws hundreds of thousands
 * of points on a canvas in milliseconds, and zooms (drag) and hovers (cursor and legend) out of the box.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export interface ChartAssets {
  /** The library's minified script (defines the global `uPlot`). */
  script: string;
  /** Its stylesheet. */
  style: string;
  /** The library's name and version, said in the page's footer. */
  name: string;
}

let cached: ChartAssets | undefined;

/** The uPlot assets of the installed package (read once). */
export function loadChartAssets(): ChartAssets {
  if (cached === undefined) {
    const require = createRequire(import.meta.url);
    const manifest = require.resolve("uplot/package.json");
    const dir = path.dirname(manifest);
    const version = (JSON.parse(readFileSync(manifest, "utf8")) as { version?: string }).version ?? "";
    cached = {
      script: readFileSync(path.join(dir, "dist", "uPlot.iife.min.js"), "utf8"),
      style: readFileSync(path.join(dir, "dist", "uPlot.min.css"), "utf8"),
      name: `uPlot ${version}`,
    };
  }
  return cached;
}
