/**
 * `nncheck watch` on Python programs that train in processes they start (test/probes/python/fixtures/
 * torch_children.py): a distributed launcher's workers (torchrun), `mp.spawn`'s, forked Hogwild trainers, a
 * script run by `subprocess`. The watched process keeps watch's descriptors for the Python processes it
 * starts; one process writes at a time (it claims the telemetry), rank 0 of a distributed training is the
 * one checked, and a process that is not checked says why. A child started without the descriptor (by
 * `os.system`) never writes into whatever file has its number, and says it is not checked.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { programLabel, runsNode, runWatch } from "../../../src/cli/watch.js";
import type { JsonReport } from "../../../src/report/json.js";
import { readTrace } from "../../../src/telemetry/reader.js";
import { captureIO, PYTHON, repo, runPython, SUITES } from "./helpers.js";

const preload = path.join(repo, "src", "probes", "tfjs", "watch-preload.ts"); // a Python program never loads it
let scratch = "";

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), "nncheck-watch-children-"));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * Runs `watch` with a trace on the fixture, through a shell that keeps the program's own output (the probe's
 * lines, in every process, included) in a file: returns watch's exit code and output, the program's, and the
 * trace's records.
 */
async function watched(name: string, command: string[], options: string[] = []) {
  const io = captureIO();
  const trace = path.join(scratch, `${name}.jsonl`);
  const output = path.join(scratch, `${name}.out`);
  const quoted = command.map((part) => `'${part.replace(/'/g, "'\\''")}'`).join(" ");
  const code = await runWatch(["--format", "json", "--trace", trace, ...options, "--", "/bin/sh", "-c", `${quoted} > '${output}' 2>&1`], io, { preload });
  const read = readTrace(trace);
  const types = (type: string) => read.records.filter((r) => r.type === type);
  return { code, io, read, types, report: JSON.parse(io.out) as JsonReport, program: readFileSync(output, "utf8") };
}

describe.skipIf(!SUITES.torch)("nncheck watch -- python: trainings in the processes a program starts", () => {
  it("torchrun: rank 0's DistributedDataParallel training is checked to its end, rank 1 says it is not", async () => {
    const run = await watched("ddp", [PYTHON, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2", "torch_children.py", "ddp"]);
    expect(run.code, run.io.err).toBe(0);
    expect(run.read.badLineCount).toBe(0);
    expect(run.types("run-start")).toHaveLength(1);
    expect(run.types("step")).toHaveLength(60);
    expect(run.types("run-end")).toEqual([expect.objectContaining({ status: "completed", steps: 60 })]);
    expect(run.program).toMatch(/nncheck: not checked in this process \(pid \d+\): rank 1 of a distributed training \(its ranks train the same model; rank 0 is checked\)/);
    expect(run.program.match(/trained 60 steps/g)).toHaveLength(2);
    // The layers and parameters of the model DistributedDataParallel wraps, named as the program names them.
    const start = run.types("run-start")[0] as unknown as { model: { layers: { name: string }[] } };
    expect(start.model.layers.map((l) => l.name)).toEqual(["hidden", "out"]);
    const sampled = (run.types("tensors") as unknown as { tensors: { role: string; name: string; layer: string }[] }[]).flatMap((r) => r.tensors);
    expect([...new Set(sampled.filter((t) => t.role === "gradient").map((t) => t.name))].sort()).toEqual(["hidden.bias", "hidden.weight", "out.bias", "out.weight"]);
    expect([...new Set(sampled.filter((t) => t.role === "activation").map((t) => t.layer))].sort()).toEqual(["hidden", "out"]);
  });

  it("mp.spawn: the first process to train is checked, the other, training at once, says it is not", async () => {
    const run = await watched("spawn", [PYTHON, "torch_children.py", "spawn"]);
    expect(run.code, run.io.err).toBe(0);
    expect(run.read.badLineCount).toBe(0);
    expect(run.program.match(/trained 60 steps/g)).toHaveLength(2);
    // Two processes training at once: one run, the other process refused (or, had the first ended before the
    // second began, a second run after it): never interleaved records.
    const runs = run.types("run-start").length;
    expect(run.types("run-end")).toHaveLength(runs);
    expect(run.types("step")).toHaveLength(60 * runs);
    // Each then starts a Python process: the one not checked closed its descriptors, and neither passes one on
    // that is closed (a child started with a closed descriptor to keep fails to start) or tells its child of one.
    expect(run.program).toMatch(/a child of rank 0 ran/);
    expect(run.program).toMatch(/a child of rank 1 ran/);
    expect(run.program).not.toMatch(/has no connection|Bad file descriptor|Traceback/);
    if (runs === 1) expect(run.program).toMatch(/nncheck: not checked in this process \(pid \d+\): another process of the program \(pid \d+\) is training and being checked/);
  });

  it("forked trainers (Hogwild, one after the other): each is a run of its own, ended when its process ends by os._exit", async () => {
    const run = await watched("fork", [PYTHON, "torch_children.py", "fork"]);
    expect(run.code, run.io.err).toBe(0);
    expect(run.read.badLineCount).toBe(0);
    expect(run.types("run-start")).toHaveLength(2);
    expect(run.types("run-end")).toEqual([expect.objectContaining({ status: "completed", steps: 60 }), expect.objectContaining({ status: "completed", steps: 60 })]);
    expect(run.types("step")).toHaveLength(120);
  });

  it("a script the program runs by subprocess is checked, and --fail-on stops it there: the back channel reaches the process that trains", async () => {
    const run = await watched("launch", [PYTHON, "torch_children.py", "launch"], ["--fail-on", "warning"]);
    expect(run.code, run.io.err).toBe(1);
    expect(run.report.findings.map((f) => f.code)).toContain("D305");
    const end = run.types("run-end")[0] as unknown as { status: string; steps: number };
    expect(end.status).toBe("stopped");
    expect(end.steps).toBeLessThan(60);
    expect(run.program).not.toMatch(/trained 60 steps/);
  });

  it("a child started by os.system has no descriptor: it says it is not checked, and nothing else is written", async () => {
    const run = await watched("system", [PYTHON, "torch_children.py", "system"]);
    expect(run.program).toMatch(/nncheck: this process \(pid \d+\), started by the watched program, has no connection to nncheck watch; its training is not checked/);
    expect(run.program).toMatch(/trained 60 steps/);
    expect(run.read.records).toEqual([]);
    // Run through a shell: watch cannot tell which probe was the one to see nothing, and says both.
    expect(run.report.files[0]!.error?.message).toBe(
      "the program trained no model the probes could see (Keras fit, a TensorFlow or PyTorch optimizer step in Python; a TF.js fit, optimizer update or tf.variableGrads): nothing was checked",
    );
  });
});

describe.skipIf(!SUITES.python)("the claim on the telemetry", () => {
  it("is refused to a distributed training's ranks other than 0 (RANK, else LOCAL_RANK, else TF_CONFIG's task) and to a second process while the first lives; its holder's end drops it", async () => {
    const script = [
      "import json, os, subprocess, sys, time",
      "from nncheck_probe import _children",
      "identity = 'test:%d' % os.getpid()",
      "def refusal(env):\n    reason, claimed = _children.claim(identity, env)\n    _children.release(claimed)\n    return reason",
      "ranks = [refusal(env) for env in ({'RANK': '1'}, {'RANK': '0', 'LOCAL_RANK': '1'}, {'LOCAL_RANK': '2'})]",
      "cluster = {'worker': ['a:1', 'b:1']}",
      "tasks = [refusal({'TF_CONFIG': json.dumps(config)}) for config in ({'cluster': cluster, 'task': {'type': 'worker', 'index': 1}}, {'cluster': cluster, 'task': {'type': 'worker', 'index': 0}}, {'cluster': dict(cluster, chief=['c:1']), 'task': {'type': 'worker', 'index': 0}}, {'cluster': dict(cluster, chief=['c:1']), 'task': {'type': 'chief', 'index': 0}})]",
      "holder = subprocess.Popen([sys.executable, '-c', 'import sys, time; from nncheck_probe import _children; print(_children.claim(sys.argv[1], {})[0], flush=True); time.sleep(30)', identity], stdout=subprocess.PIPE, text=True)",
      "holder_claimed = holder.stdout.readline().strip()",
      "refused, _ = _children.claim(identity, {})",
      "holder.kill(); holder.wait()",
      "after_end, claimed = _children.claim(identity, {})",
      "_children.release(claimed)",
      "again, claimed = _children.claim(identity, {})",
      "_children.release(claimed)",
      "os.unlink(_children._claim_path(identity))",
      "print(json.dumps([ranks, holder_claimed, refused, holder.pid, after_end, again, tasks]))",
    ].join("\n");
    const run = await runPython(["-c", script]);
    expect(run.stderr).toBe("");
    const [ranks, holderClaimed, refused, holderPid, afterEnd, again, tasks] = JSON.parse(run.stdout) as [Array<string | null>, string, string, number, string | null, string | null, Array<string | null>];
    expect(ranks).toEqual([expect.stringMatching(/^rank 1 of a distributed training/), null, expect.stringMatching(/^rank 2 of/)]);
    expect(holderClaimed).toBe("None");
    expect(refused).toBe(`another process of the program (pid ${holderPid}) is training and being checked`);
    expect([afterEnd, again]).toEqual([null, null]);
    // tf.distribute's TF_CONFIG: the chief when the cluster has one, else worker 0.
    expect(tasks).toEqual([expect.stringMatching(/^worker 1 of a tf.distribute training/), null, expect.stringMatching(/^worker 0 of a tf.distribute training/), null]);
  });
});

describe("the program a watch report names", () => {
  it("is its script, a launcher's included (torchrun's options come first), else the first argument", () => {
    expect(programLabel("torchrun", ["--nproc_per_node=2", "train.py", "--epochs", "3"])).toBe("train.py");
    expect(programLabel("python", ["-m", "torch.distributed.run", "--standalone", "train.py"])).toBe("train.py");
    expect(programLabel("python", ["train.py"])).toBe("train.py");
    expect(programLabel("node", ["--import", "tsx", "train.ts"])).toBe("train.ts");
    expect(programLabel("npm", ["run", "train"])).toBe("run");
    expect(programLabel("./train", [])).toBe("./train");
  });

  it("and what it says a program that trained nothing ran: Python, JavaScript, or either (a shell script)", () => {
    expect(runsNode("node", ["train.mjs"])).toBe(true);
    expect(runsNode("npx", ["tsx", "train.ts"])).toBe(true);
    expect(runsNode("/bin/sh", ["-c", "python train.py"])).toBe(false);
    expect(runsNode("bash", ["run.sh"])).toBe(false);
  });
});
