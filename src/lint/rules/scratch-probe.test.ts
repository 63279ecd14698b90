import { it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { programOf, runRuleOnProgram } from "../../../test/helpers/rule-tester.js";
import { allRules } from "./index.js";
import { formatMessage } from "../../report/finding.js";
const dir = process.env.PROBE_DIR!;
for (const f of readdirSync(dir).filter((f) => f.endsWith(".py")).sort()) {
  it(f, async () => {
    const program = await programOf(readFileSync(`${dir}/${f}`, "utf8"));
    const out: string[] = [];
    for (const rule of allRules) for (const r of runRuleOnProgram(rule, program)) out.push(`${f}:${r.line}:${r.column} ${rule.meta.code} ${formatMessage(rule.meta.messages[r.messageId]!, r.data)}`);
    console.log(out.join("\n") || `${f}: clean`);
    if (process.env.PROBE_DUMP) console.log(JSON.stringify(program.models.map((m) => m.architecture.layers.map((l) => [l.name, l.kind, l.activation, l.config.dataFormat, l.inputShapes, l.outputShape])), null, 0));
  });
}
