/**
 * Where each layer was created in the user's JavaScript: TF.js names layers itself (`dense_Dense3`), and a
 * finding about `dense_Dense3` is only useful with the line that built it. The base Layer's constructor
 * assigns `_addedWeightNames` on every new layer; an accessor of that name on `Layer.prototype` runs at
 * that moment, captures the stack, and then steps aside (an own data property replaces it on the layer).
 * The first frame outside TF.js, nncheck and Node's internals is the user's line.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SourceSpan } from "../../model/program.js";
import { callerModuleFile } from "./module-file.js";

const TRAPPED = "_addedWeightNames";
const ORIGINS = new WeakMap<object, SourceSpan>();
/** Every layer built since the trap was installed (custom loops find their layers here), oldest first. */
const BUILT: WeakRef<object>[] = [];
const MAX_BUILT = 100_000;
const INSTALLED = Symbol.for("nncheck.layer-origins");
/** nncheck's own code (its dist/ or src/ folder): its frames are never the user's. */
const OWN_ROOT = path.resolve(path.dirname(callerModuleFile()), "..", "..");

/** The layers built since `installLayerOrigins` that are still alive, in construction order. */
export function builtLayers<T extends object>(): T[] {
  const alive: T[] = [];
  for (const ref of BUILT) {
    const layer = ref.deref();
    if (layer) alive.push(layer as T);
  }
  return alive;
}

/** The span recorded for a layer, when its construction was seen. */
export function layerOrigin(layer: object): SourceSpan | undefined {
  return ORIGINS.get(layer);
}

/** Records the creation site of every layer built from now on. Idempotent per Layer class. */
export function installLayerOrigins(Layer: { prototype: object } | undefined): void {
  const proto = Layer?.prototype as Record<string | symbol, unknown> | undefined;
  if (!proto || proto[INSTALLED] || Object.prototype.hasOwnProperty.call(proto, TRAPPED)) return;
  Object.defineProperty(proto, INSTALLED, { value: true });
  Object.defineProperty(proto, TRAPPED, {
    configurable: true,
    get: () => undefined,
    set(this: object, value: unknown) {
      Object.defineProperty(this, TRAPPED, { value, writable: true, enumerable: true, configurable: true });
      try {
        if (BUILT.length >= MAX_BUILT) {
          const live = BUILT.filter((ref) => ref.deref() !== undefined);
          BUILT.length = 0;
          BUILT.push(...live);
        }
        if (BUILT.length < MAX_BUILT) BUILT.push(new WeakRef(this));
        const span = callerSpan();
        if (span) ORIGINS.set(this, span);
      } catch {
        // Never let bookkeeping break a layer's construction.
      }
    },
  });
}

/** The first stack frame in the user's code, as a span of one position. */
export function callerSpan(stack = captureStack()): SourceSpan | undefined {
  for (const line of stack.split("\n").slice(1)) {
    const match = /\(?((?:file:\/\/)?\/[^()]*?|[A-Za-z]:\\[^()]*?):(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (!match) continue;
    let file = match[1]!;
    if (file.startsWith("file://")) {
      try {
        file = fileURLToPath(file);
      } catch {
        continue;
      }
    }
    if (isLibraryFrame(file)) continue;
    const lineNo = Number(match[2]);
    const column = Number(match[3]);
    const relative = path.relative(process.cwd(), file);
    const shown = relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
    return { file: shown, line: lineNo, column, endLine: lineNo, endColumn: column };
  }
  return undefined;
}

/** TF.js's own sources, as source maps name them (`tfjs-layers/src/...`) when a runner maps stack frames. */
const TFJS_SOURCE = /[\\/](@tensorflow|tfjs-(core|layers|converter|data|backend-[a-z]+|node(-gpu)?))[\\/]/;

function isLibraryFrame(file: string): boolean {
  return file.includes(`${path.sep}node_modules${path.sep}`) || TFJS_SOURCE.test(file) || file.startsWith(OWN_ROOT + path.sep) || file.startsWith("node:");
}

function captureStack(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  try {
    return new Error().stack ?? "";
  } finally {
    Error.stackTraceLimit = limit;
  }
}
