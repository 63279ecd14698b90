/**
 * A small argument parser (no dependency): `--flag`, `--flag value`, `--flag=value`, `--no-flag` for
 * declared negations, repeatable flags, `-h`, and `--` ending the flags. Unknown flags are usage errors.
 */

export type FlagKind = "boolean" | "string" | "list";

export interface FlagSpec {
  name: string;
  kind: FlagKind;
  /** The value placeholder shown in help (`FILE`, `CODES`). */
  valueName?: string;
  description: string;
  short?: string;
}

export interface ParsedArgs {
  flags: Record<string, string | boolean | string[]>;
  positionals: string[];
}

/** A mistake in how the command was called: exit code 2 with the usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export const HELP_FLAG: FlagSpec = { name: "help", short: "h", kind: "boolean", description: "Show this help" };

function findSpec(specs: readonly FlagSpec[], token: string): FlagSpec | undefined {
  if (token.startsWith("--")) return specs.find((s) => s.name === token.slice(2));
  return specs.find((s) => s.short !== undefined && `-${s.short}` === token);
}

/** Parses argv against flag specs. Throws UsageError for unknown flags and missing values. */
export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const flags: ParsedArgs["flags"] = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!token.startsWith("-") || token === "-") {
      positionals.push(token);
      continue;
    }
    const eq = token.indexOf("=");
    const name = eq === -1 ? token : token.slice(0, eq);
    const inline = eq === -1 ? undefined : token.slice(eq + 1);
    const spec = findSpec(specs, name);
    if (spec === undefined) throw new UsageError(`Unknown option "${name}"`);
    if (spec.kind === "boolean") {
      if (inline !== undefined) throw new UsageError(`Option --${spec.name} takes no value`);
      flags[spec.name] = true;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith("-") && next !== "-")) {
        throw new UsageError(`Option --${spec.name} needs a value${spec.valueName ? ` (${spec.valueName})` : ""}`);
      }
      value = next;
      i++;
    }
    if (spec.kind === "string") flags[spec.name] = value;
    else flags[spec.name] = [...((flags[spec.name] as string[] | undefined) ?? []), value];
  }
  return { flags, positionals };
}

/** Splits repeatable, comma-separated values (`--select S2,S5 --select S101`). */
export function splitList(values: readonly string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  return values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v.length > 0);
}

/** The options part of a command's help text. */
export function describeFlags(specs: readonly FlagSpec[]): string {
  const rows = specs.map((s) => {
    const names = `${s.short ? `-${s.short}, ` : ""}--${s.name}${s.kind === "boolean" ? "" : ` ${s.valueName ?? "VALUE"}`}`;
    return [names, s.description] as const;
  });
  const width = Math.max(...rows.map(([n]) => n.length));
  return rows.map(([n, d]) => `  ${n.padEnd(width)}  ${d}`).join("\n");
}
