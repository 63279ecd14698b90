/** The loss of a model that guesses uniformly: what D508 (during training) and D108 (at init) compare with. */
import type { LossKind } from "../../../model/vocabulary.js";

/** Cross-entropies whose value for a model that guesses uniformly is ln C (C classes per prediction). */
export const CATEGORICAL: ReadonlySet<LossKind> = new Set<LossKind>(["categorical_crossentropy", "sparse_categorical_crossentropy", "softmax_cross_entropy_with_logits", "sparse_softmax_cross_entropy_with_logits"]);
/** ...and those that score each output as a yes/no guess: ln 2. */
const BINARY: ReadonlySet<LossKind> = new Set<LossKind>(["binary_crossentropy", "sigmoid_cross_entropy_with_logits"]);

/** Classes per prediction a uniform guess spreads over, when the run says what its loss and classes are. */
export function chanceClasses(loss: LossKind | undefined, classes: number | undefined): number | undefined {
  if (loss === undefined) return undefined;
  if (BINARY.has(loss)) return 2;
  if (CATEGORICAL.has(loss) && classes !== undefined && classes >= 2) return classes;
  return undefined;
}
