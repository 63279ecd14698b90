/**
 * A tiny builder of ProgramModels for rule tests that do not go through a front end. Each layer, the
 * compile call and the fit call are placed on their own line (given, or the next free line) at column 1,
 * so tests can assert positions.
 */
import type { DataFacts, LayerConfig, ModelFacts, ProgramModel, Shape, TrainingCall } from "../../src/model/program.js";
import type { ActivationKind, InitializerKind, LayerKind, LossKind, MetricKind, OptimizerKind } from "../../src/model/vocabulary.js";
export interface LayerOptions {
    activation?: ActivationKind;
    /** Declared input shape including batch (first layer). */
    input?: Shape;
    inputShapes?: (Shape | undefined)[];
    out?: Shape;
    /** Inbound layer indices; default: the previous layer (none for the first). */
    inbound?: number[];
    name?: string;
    line?: number;
    kernelInitializer?: InitializerKind;
    biasInitializer?: InitializerKind;
    conditional?: boolean;
}
export interface CompileOptions {
    loss?: LossKind;
    fromLogits?: boolean;
    optimizer?: OptimizerKind;
    learningRate?: number;
    epsilon?: number;
    metrics?: MetricKind[];
    line?: number;
}
export interface FitOptions extends Partial<Omit<TrainingCall, "span" | "x" | "y">> {
    x?: Partial<DataFacts>;
    y?: Partial<DataFacts>;
    line?: number;
}
export declare class ModelBuilder {
    private readonly layers;
    private learner;
    private readonly training;
    private nextLine;
    private complete;
    private outputs;
    private takeLine;
    layer(kind: LayerKind, config?: LayerConfig, options?: LayerOptions): this;
    /** Shorthand for a Dense layer. */
    dense(units: number, activation?: ActivationKind, options?: LayerOptions): this;
    incomplete(): this;
    withOutputs(outputs: number[]): this;
    compile(options?: CompileOptions): this;
    fit(options?: FitOptions): this;
    model(): ModelFacts;
    program(extra?: Partial<ProgramModel>): ProgramModel;
}
export declare function model(): ModelBuilder;
