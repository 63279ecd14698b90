/**
 * The text tree-sitter parses, prepared from a program's source without moving any character (every span
 * stays valid in the original):
 * - a lone carriage return (old Mac line endings) becomes a line feed: Python ends a line there, but the
 *   grammar's scanner does not, and would read the whole file as one line;
 * - comments become spaces: the grammar's scanner, after each comment that follows a statement, scans every
 *   following comment line again to find the next line's indentation, which makes a long run of comment
 *   lines quadratic. The syntax tree never needs them (suppression comments are read from the source).
 * One pass over the text, tracking string literals (prefixes, triple quotes, f-string replacement fields
 * with nested strings) so that a `#` inside a string is left alone.
 */

/** A string literal being read, or an f-string replacement field (`{...}`) being read inside one. */
type Frame =
  | { kind: "string"; quote: string; triple: boolean; formatted: boolean }
  | { kind: "field"; brackets: number; inSpec: boolean };

const IDENTIFIER_CHAR = /[A-Za-z0-9_]/;
const STRING_PREFIX = /^(?:[rRuUbBfFtT]|[rR][bBfFtT]|[bBfFtT][rR])$/;

/** Offsets [start, end) of the comments of a Python source (from `#` to the end of its line). */
export function commentRanges(source: string): [number, number][] {
  const ranges: [number, number][] = [];
  const frames: Frame[] = [];
  const n = source.length;
  let i = 0;
  while (i < n) {
    const top = frames[frames.length - 1];
    const c = source[i]!;
    if (top?.kind === "string") {
      i = readStringPart(source, i, top, frames);
      continue;
    }
    // Code, at top level or inside an f-string replacement field.
    if (top?.kind === "field" && top.inSpec) {
      // A format spec is text up to the field's end; it may hold nested fields (`{x:{width}}`).
      if (c === "}") frames.pop();
      else if (c === "{") frames.push({ kind: "field", brackets: 0, inSpec: false });
      else if (c === "\n" || c === "\r") closeUnterminated(frames);
      i++;
      continue;
    }
    if (c === "#") {
      const end = lineEnd(source, i);
      ranges.push([i, end]);
      i = end;
      continue;
    }
    if (c === '"' || c === "'") {
      i = openString(source, i, i, frames);
      continue;
    }
    if (IDENTIFIER_CHAR.test(c)) {
      let j = i;
      while (j < n && IDENTIFIER_CHAR.test(source[j]!)) j++;
      const quote = source[j];
      if ((quote === '"' || quote === "'") && STRING_PREFIX.test(source.slice(i, j))) i = openString(source, i, j, frames);
      else i = j;
      continue;
    }
    if (top?.kind === "field") {
      if (c === "(" || c === "[" || c === "{") top.brackets++;
      else if ((c === ")" || c === "]") && top.brackets > 0) top.brackets--;
      else if (c === "}") {
        if (top.brackets > 0) top.brackets--;
        else frames.pop();
      } else if (c === ":" && top.brackets === 0 && source[i + 1] !== "=") top.inSpec = true;
      else if ((c === "\n" || c === "\r") && !insideTripleString(frames)) closeUnterminated(frames);
    }
    i++;
  }
  return ranges;
}

/** Where the line holding `i` ends (the offset of its line break, or the end of the text). */
function lineEnd(source: string, i: number): number {
  let j = i;
  while (j < source.length && source[j] !== "\n" && source[j] !== "\r") j++;
  return j;
}

/** Opens the string literal whose prefix starts at `start` and whose quote is at `quoteAt`; returns where its body starts. */
function openString(source: string, start: number, quoteAt: number, frames: Frame[]): number {
  const quote = source[quoteAt]!;
  const triple = source[quoteAt + 1] === quote && source[quoteAt + 2] === quote;
  const prefix = source.slice(start, quoteAt);
  frames.push({ kind: "string", quote, triple, formatted: /[fFtT]/.test(prefix) });
  return quoteAt + (triple ? 3 : 1);
}

/** Reads string text from `i` up to the next event (its end, a replacement field, a line break); returns where to go on. */
function readStringPart(source: string, i: number, frame: Frame & { kind: "string" }, frames: Frame[]): number {
  const n = source.length;
  while (i < n) {
    const c = source[i]!;
    if (c === "\\") {
      // A backslash shields the next character from ending the string (raw strings too).
      i += 2;
      continue;
    }
    if (c === frame.quote) {
      if (!frame.triple) {
        frames.pop();
        return i + 1;
      }
      if (source[i + 1] === c && source[i + 2] === c) {
        frames.pop();
        return i + 3;
      }
    } else if ((c === "\n" || c === "\r") && !frame.triple) {
      // Unterminated: the syntax error is reported by the parser; reading goes on as code.
      closeUnterminated(frames);
      return i;
    } else if (frame.formatted && (c === "{" || c === "}")) {
      if (source[i + 1] === c) {
        i += 2;
        continue;
      }
      if (c === "{") {
        frames.push({ kind: "field", brackets: 0, inSpec: false });
        return i + 1;
      }
    }
    i++;
  }
  return i;
}

function insideTripleString(frames: readonly Frame[]): boolean {
  return frames.some((f) => f.kind === "string" && f.triple);
}

/** A line break ends every single-quoted string (and the fields inside them) above the innermost triple-quoted one. */
function closeUnterminated(frames: Frame[]): void {
  while (frames.length > 0) {
    const top = frames[frames.length - 1]!;
    if (top.kind === "string" && top.triple) return;
    if (top.kind === "field" && insideTripleString(frames)) {
      // A field of a triple-quoted f-string may span lines; only a single-quoted string around it ends.
      const owner = frames[frames.length - 2];
      if (owner?.kind === "string" && owner.triple) return;
    }
    frames.pop();
  }
}

/**
 * The text to parse: lone carriage returns made line feeds, comments blanked with spaces (line breaks and
 * every other character kept, so offsets, rows and columns are the source's).
 */
export function parseableText(source: string): string {
  const ranges = commentRanges(source);
  const normalised = source.includes("\r") ? source.replace(/\r(?!\n)/g, "\n") : source;
  if (ranges.length === 0) return normalised;
  const parts: string[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    parts.push(normalised.slice(at, start), " ".repeat(end - start));
    at = end;
  }
  parts.push(normalised.slice(at));
  return parts.join("");
}
