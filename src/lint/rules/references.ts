/** Citations the rule docs share, so every rule names its sources the same way. */
export const NEURALINT =
  "A. Nikanjam, H. Ben Braiek, M. M. Morovati, F. Khomh. Automatic Fault Detection for Deep Learning Programs Using Graph Transformations. ACM TOSEM 31(1), 2021 (NeuraLint)";
export const neuralint = (fault: string): string => `${NEURALINT}, fault ${fault}`;
export const THE_DEEP_CHECKER =
  "H. Ben Braiek, F. Khomh. Testing Feedforward Neural Networks Training Programs. ACM TOSEM, 2022 (TheDeepChecker)";
export const theDeepChecker = (fault: string): string => `${THE_DEEP_CHECKER}, fault type ${fault}`;
export const UMLAUT =
  "E. Schoop, F. Huang, B. Hartmann. UMLAUT: Debugging Deep Learning Programs using Program Structure, Model Behavior, and Error Messages. CHI 2021";
export const DEEPFD = "J. Cao, M. Li, X. Chen, M. Wen, Y. Tian, B. Wu, S.-C. Cheung. DeepFD: Automated Fault Diagnosis and Localization for Deep Learning Programs. ICSE 2022";
export const DEEPLOCALIZE = "M. Wardat, W. Le, H. Rajan. DeepLocalize: Fault Localization for Deep Neural Networks. ICSE 2021";
export const DEFECTS4ML = "M. M. Morovati, A. Nikanjam, F. Khomh, Z. M. Jiang. Bugs in Machine Learning-based Systems: A Faultload Benchmark. Empirical Software Engineering, 2023 (defect4ML)";
export const DSLINTER = "H. Zhang, L. Cruz, A. van Deursen. Code Smells for Machine Learning Applications. CAIN 2022 (dslinter)";
export const KERAS_LOSSES = "Keras documentation: Losses (https://keras.io/api/losses/)";
export const KERAS_ACTIVATIONS = "Keras documentation: Layer activation functions (https://keras.io/api/layers/activations/)";
export const KERAS_SEQUENTIAL_GUIDE =
  "Keras documentation: The Sequential model, 'Specifying the input shape in advance' (https://keras.io/guides/sequential_model/)";
export const TFJS_FAULTS =
  "L. Quan, Q. Guo, X. Xie, S. Chen, X. Li, Y. Liu. Towards Understanding the Faults of JavaScript-Based Deep Learning Systems. ASE 2022";
