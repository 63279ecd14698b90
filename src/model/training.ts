/**
 * Reading a model's training loops: the questions rules ask of every driver alike.
 */
import type { ProgramModel, TrainingLoop } from "./program.js";

/** The session loops of a program (TF1 graph mode): each trains its graph by running the train op. */
export function sessionLoops(program: ProgramModel): TrainingLoop[] {
  return program.models.flatMap((model) => model.training.filter((loop) => loop.driver === "session"));
}

/** Whether the framework runs the loop over epochs and batches itself (so its arguments say how it trains). */
export function isFrameworkLoop(loop: TrainingLoop): boolean {
  return loop.driver === "fit" || loop.driver === "generator";
}
