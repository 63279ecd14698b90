/** The catalogue of dynamic checks, in code order. */
import type { AnyCheck } from "../check.js";
import D101 from "./preflight/D101-constant-features.js";
import D102 from "./preflight/D102-unnormalized-features.js";
import D103 from "./preflight/D103-label-imbalance.js";
import D104 from "./preflight/D104-unnormalized-targets.js";
import D105 from "./preflight/D105-poor-weight-init.js";
import D106 from "./preflight/D106-poor-bias-init.js";
import D107 from "./preflight/D107-loss-sum-reduction.js";
import D108 from "./preflight/D108-initial-loss-off.js";
import D109 from "./preflight/D109-gradient-check.js";
import D110 from "./preflight/D110-cannot-overfit-batch.js";
import D111 from "./preflight/D111-zero-loss.js";
import D112 from "./preflight/D112-no-data-dependency.js";
import D113 from "./preflight/D113-cross-sample-dependency.js";
import D201 from "./weights/D201-non-finite-parameters.js";
import D202 from "./weights/D202-dead-weights.js";
import D203 from "./weights/D203-negative-weights.js";
import D204 from "./weights/D204-diverging-weights.js";
import D205 from "./weights/D205-untrained-parameters.js";
import D206 from "./weights/D206-update-too-large.js";
import D207 from "./weights/D207-update-too-small.js";
import D301 from "./gradients/D301-non-finite-gradients.js";
import D302 from "./gradients/D302-vanishing-gradient.js";
import D303 from "./gradients/D303-exploding-gradient.js";
import D304 from "./gradients/D304-overwhelming-regularization.js";
import D305 from "./gradients/D305-dying-relu-gradients.js";
import D401 from "./activations/D401-non-finite-activations.js";
import D402 from "./activations/D402-dead-units.js";
import D403 from "./activations/D403-saturated-units.js";
import D404 from "./activations/D404-unstable-activations.js";
import D405 from "./activations/D405-activation-out-of-range.js";
import D406 from "./activations/D406-constant-outputs.js";
import D407 from "./activations/D407-invalid-probabilities.js";
import D408 from "./activations/D408-inexpressive-regression-output.js";
import D501 from "./loss/D501-non-finite-loss.js";
import D502 from "./loss/D502-loss-not-decreasing.js";
import D503 from "./loss/D503-diverging-loss.js";
import D504 from "./loss/D504-oscillating-loss.js";
import D505 from "./loss/D505-unrepresentative-loss.js";
import D506 from "./loss/D506-overfitting.js";
import D507 from "./loss/D507-stalled-progress.js";
import D508 from "./loss/D508-chance-level-loss.js";
import D509 from "./loss/D509-constant-loss.js";

export const allChecks: readonly AnyCheck[] = [
  D101, D102, D103, D104, D105, D106, D107, D108, D109, D110, D111, D112, D113,
  D201, D202, D203, D204, D205, D206, D207,
  D301, D302, D303, D304, D305,
  D401, D402, D403, D404, D405, D406, D407, D408,
  D501, D502, D503, D504, D505, D506, D507, D508, D509,
];
