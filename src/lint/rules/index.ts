/** Every static rule, ordered by code. The engine registers these. */
import type { AnyRule } from "../rule.js";
import S101 from "./structure/S101-missing-flatten.js";
import S102 from "./structure/S102-rank-mismatch.js";
import S103 from "./structure/S103-reshape-size-mismatch.js";
import S104 from "./structure/S104-feature-map-collapse.js";
import S105 from "./structure/S105-lack-of-pooling.js";
import S115 from "./structure/S115-missing-nonlinearity.js";
import S116 from "./structure/S116-double-activation.js";
import S117 from "./structure/S117-softmax-in-hidden-layer.js";
import S201 from "./output/S201-missing-softmax.js";
import S202 from "./output/S202-binary-missing-sigmoid.js";
import S203 from "./output/S203-single-unit-softmax.js";
import S204 from "./output/S204-logits-loss-on-probabilities.js";
import S205 from "./output/S205-probability-loss-on-logits.js";
import S206 from "./output/S206-output-width-mismatch.js";
import S207 from "./output/S207-loss-problem-mismatch.js";
import S208 from "./output/S208-output-range-mismatch.js";
import S209 from "./output/S209-label-encoding-mismatch.js";
import S210 from "./output/S210-accuracy-on-regression.js";
import S301 from "./init/S301-constant-weight-init.js";
import S302 from "./init/S302-nonzero-bias-init.js";
import S402 from "./training/S402-learning-rate-out-of-range.js";
import S403 from "./training/S403-optimizer-epsilon-too-small.js";
import S404 from "./training/S404-excessive-dropout.js";
import S405 from "./training/S405-no-validation.js";
import S501 from "./data/S501-missing-input-normalization.js";
import S503 from "./data/S503-no-shuffle.js";
import S701 from "./hygiene/S701-no-random-seed.js";

export const allRules: AnyRule[] = [
  S101, S102, S103, S104, S105, S115, S116, S117,
  S201, S202, S203, S204, S205, S206, S207, S208, S209, S210,
  S301, S302,
  S402, S403, S404, S405,
  S501, S503,
  S701,
];
