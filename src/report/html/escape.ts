/**
 * Everything in the page that comes from a program or a trace (file names, layer names, messages, source
 * lines) is untrusted: a layer may be named `<img src=x onerror=alert(1)>` or `</script>`. Text goes into
 * the markup escaped, and data goes into a script tag as JSON with every character that could end the
 * tag or the script (`<`, `>`, `&`, U+2028, U+2029) written as a `\u` escape.
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text (or an attribute value) safe inside HTML markup. Lone surrogates become U+FFFD. */
export function escapeHtml(text: string): string {
  return wellFormed(text).replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);
}

const SCRIPT_ESCAPES: Readonly<Record<string, string>> = { "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029" };

/**
 * A value as JSON safe inside `<script type="application/json">`. Numbers are rounded to `digits`
 * significant digits (the page draws them; full precision would only weigh); non-finite numbers become null.
 */
export function jsonForScript(value: unknown, digits = 6): string {
  const json = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "number") {
      if (!Number.isFinite(v)) return null;
      return Number.isInteger(v) ? v : Number(v.toPrecision(digits));
    }
    if (typeof v === "string") return wellFormed(v);
    return v;
  });
  return (json ?? "null").replace(/[<>&\u2028\u2029]/g, (ch) => SCRIPT_ESCAPES[ch]!);
}

function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}
