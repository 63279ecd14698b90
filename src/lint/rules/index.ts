/** Every static rule, ordered by code. The engine registers these. */
import type { AnyRule } from "../rule.js";
import S101 from "./structure/S101-missing-flatten.js";
import S102 from "./structure/S102-rank-mismatch.js";
import S103 from "./structure/S103-reshape-size-mismatch.js";
import S104 from "./structure/S104-feature-map-collapse.js";
import S105 from "./structure/S105-lack-of-pooling.js";
import S106 from "./structure/S106-ineffective-pooling.js";
import S107 from "./structure/S107-too-much-pooling.js";
import S108 from "./structure/S108-asymmetric-conv-block.js";
import S109 from "./structure/S109-decreasing-kernel-size.js";
import S110 from "./structure/S110-non-increasing-filters.js";
import S111 from "./structure/S111-increasing-dense-widths.js";
import S112 from "./structure/S112-bias-before-batchnorm.js";
import S113 from "./structure/S113-dropout-before-batchnorm.js";
import S114 from "./structure/S114-dropout-before-pooling.js";
import S115 from "./structure/S115-missing-nonlinearity.js";
import S116 from "./structure/S116-double-activation.js";
import S117 from "./structure/S117-softmax-in-hidden-layer.js";
import S118 from "./structure/S118-batch-size-mismatch.js";
import S119 from "./structure/S119-input-shape-includes-batch.js";
import S120 from "./structure/S120-channel-order-mismatch.js";
import S121 from "./structure/S121-parameter-explosion.js";
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
import S211 from "./output/S211-output-target-shape-mismatch.js";
import S212 from "./output/S212-softmax-on-multilabel.js";
import S213 from "./output/S213-binary-loss-on-multiclass.js";
import S301 from "./init/S301-constant-weight-init.js";
import S302 from "./init/S302-nonzero-bias-init.js";
import S303 from "./init/S303-init-activation-mismatch.js";
import S304 from "./init/S304-missing-variable-init.js";
import S305 from "./init/S305-repeated-variable-init.js";
import S401 from "./training/S401-no-training-loop.js";
import S402 from "./training/S402-learning-rate-out-of-range.js";
import S403 from "./training/S403-optimizer-epsilon-too-small.js";
import S404 from "./training/S404-excessive-dropout.js";
import S405 from "./training/S405-no-validation.js";
import S406 from "./training/S406-excessive-regularisation.js";
import S407 from "./training/S407-validation-is-training.js";
import S501 from "./data/S501-missing-input-normalization.js";
import S502 from "./data/S502-double-normalization.js";
import S503 from "./data/S503-no-shuffle.js";
import S504 from "./data/S504-unscaled-regression-targets.js";
import S505 from "./data/S505-inconsistent-preprocessing.js";
import S606 from "./api/S606-mixed-keras-packages.js";
import S607 from "./api/S607-wrong-argument-kind.js";
import S701 from "./hygiene/S701-no-random-seed.js";

export const allRules: AnyRule[] = [
  S101, S102, S103, S104, S105, S106, S107, S108, S109, S110, S111, S112, S113, S114, S115, S116, S117, S118, S119, S120, S121,
  S201, S202, S203, S204, S205, S206, S207, S208, S209, S210, S211, S212, S213,
  S301, S302, S303, S304, S305,
  S401, S402, S403, S404, S405, S406, S407,
  S501, S502, S503, S504, S505,
  S606, S607,
  S701,
];
