/**
 * Text that comes from programs and traces (file names, layer names, messages, source lines) is shown on
 * terminals and in CI logs. There, a control character is an instruction: a newline forges a line (one
 * starting `::error` is a GitHub workflow command), ESC and the C1 controls start ANSI/OSC sequences that
 * recolour, retitle or rewrite the screen, and bidirectional overrides reorder what is read. The text and
 * github reporters (and the CLI's own messages) show such characters as visible escapes instead.
 * JSON and SARIF need none of this: their encoders escape what JSON must, and the values stay exact.
 */

/** C0 and C1 controls, DEL, line/paragraph separators, bidirectional marks and overrides, the BOM. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
const UNSAFE_EXCEPT_TAB = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeChar(ch: string): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const code = ch.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * The text with every control character, escape-sequence introducer, line break and bidirectional
 * override replaced by a visible escape (`\n`, `\x1b`, `\u202e`). `keepTabs` leaves tabs alone (code
 * frames keep them so carets stay under the characters they mark).
 */
export function neutralize(text: string, keepTabs = false): string {
  const pattern = keepTabs ? UNSAFE_EXCEPT_TAB : UNSAFE;
  pattern.lastIndex = 0;
  return pattern.test(text) ? text.replace(pattern, escapeChar) : text;
}

/**
 * A rendered log line that cannot be read as a GitHub workflow command: the runner takes any line that
 * starts with `::` (after blanks) as one, so a leading `::` (a file named `::error file=x::y.py`) has
 * its first colon escaped.
 */
export function neutralizeCommandStart(line: string): string {
  return /^\s*::/.test(line) ? line.replace("::", "\\x3a:") : line;
}
