/** Reference strings shared by the checks' docs. */
export const TDC = "Ben Braiek & Khomh, TheDeepChecker: Testing Feature of Deep Learning Programs (TOSEM 2022)";
export const SMD = "Amazon SageMaker Debugger built-in rules (AWS developer guide)";
export const AT = "Zhang et al., AUTOTRAINER: An Automatic DNN Training Problem Detection and Repair System (ICSE 2021)";
export const DD = "Wardat et al., DeepDiagnosis: Automatically Diagnosing Faults and Recommending Actionable Fixes in Deep Learning Programs (ICSE 2022)";
