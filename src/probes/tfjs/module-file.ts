/**
 * The file of the module that calls `callerModuleFile()`, read from the stack: the same source then works
 * compiled to ES modules and to CommonJS (the `require` build of `nncheck/tfjs`), where `import.meta` is
 * not allowed.
 */
import { fileURLToPath } from "node:url";

export function callerModuleFile(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 5;
  let stack: string;
  try {
    stack = new Error().stack ?? "";
  } finally {
    Error.stackTraceLimit = limit;
  }
  // Line 0 is the message, line 1 this function, line 2 its caller.
  const frame = stack.split("\n")[2]?.trim() ?? "";
  const match = /\(?((?:file:\/\/)?(?:\/|[A-Za-z]:\\)[^()]*?):\d+:\d+\)?$/.exec(frame);
  if (!match) throw new Error(`cannot tell this module's file from its stack frame: ${frame}`);
  return match[1]!.startsWith("file://") ? fileURLToPath(match[1]!) : match[1]!;
}
