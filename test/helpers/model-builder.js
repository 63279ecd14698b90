const FILE = "model.py";
function span(line, column = 1, length = 10) {
    return { file: FILE, line, column, endLine: line, endColumn: column + length };
}
function pascal(kind) {
    return kind.charAt(0).toUpperCase() + kind.slice(1);
}
export class ModelBuilder {
    layers = [];
    learner;
    training = [];
    nextLine = 1;
    complete = true;
    outputs;
    takeLine(line) {
        const chosen = line ?? this.nextLine;
        this.nextLine = Math.max(this.nextLine, chosen + 1);
        return chosen;
    }
    layer(kind, config = {}, options = {}) {
        const index = this.layers.length;
        const line = this.takeLine(options.line);
        const initializer = (k) => k === undefined ? undefined : { kind: k, frameworkName: k, span: span(line, 20, 5) };
        const layer = {
            index,
            name: options.name ?? `${kind}_${index}`,
            kind,
            frameworkName: pascal(kind),
            config,
            inbound: options.inbound ?? (index === 0 ? [] : [index - 1]),
            span: span(line),
        };
        if (options.activation !== undefined)
            layer.activation = options.activation;
        if (options.input !== undefined)
            layer.declaredInputShape = options.input;
        if (options.inputShapes !== undefined)
            layer.inputShapes = options.inputShapes;
        if (options.out !== undefined)
            layer.outputShape = options.out;
        if (options.conditional)
            layer.conditional = true;
        const kernel = initializer(options.kernelInitializer);
        if (kernel)
            layer.kernelInitializer = kernel;
        const bias = initializer(options.biasInitializer);
        if (bias)
            layer.biasInitializer = bias;
        this.layers.push(layer);
        return this;
    }
    /** Shorthand for a Dense layer. */
    dense(units, activation = "linear", options = {}) {
        return this.layer("dense", { units }, { activation, ...options });
    }
    incomplete() {
        this.complete = false;
        return this;
    }
    withOutputs(outputs) {
        this.outputs = outputs;
        return this;
    }
    compile(options = {}) {
        const line = this.takeLine(options.line);
        let loss;
        if (options.loss !== undefined) {
            loss = { kind: options.loss, frameworkName: options.loss, span: span(line, 20, 8) };
            if (options.fromLogits !== undefined)
                loss.fromLogits = options.fromLogits;
        }
        let optimizer;
        if (options.optimizer !== undefined) {
            optimizer = { kind: options.optimizer, frameworkName: options.optimizer, span: span(line, 40, 6) };
            if (options.learningRate !== undefined)
                optimizer.learningRate = options.learningRate;
            if (options.epsilon !== undefined)
                optimizer.epsilon = options.epsilon;
        }
        const metrics = (options.metrics ?? []).map((kind) => ({ kind, frameworkName: kind, span: span(line, 60, 5) }));
        this.learner = { metrics, span: span(line) };
        if (loss)
            this.learner.loss = loss;
        if (optimizer)
            this.learner.optimizer = optimizer;
        return this;
    }
    fit(options = {}) {
        const { x, y, line, ...rest } = options;
        const call = { method: "fit", ...rest, span: span(this.takeLine(line)) };
        if (x)
            call.x = { transforms: [], ...x };
        if (y)
            call.y = { transforms: [], ...y };
        this.training.push(call);
        return this;
    }
    model() {
        const model = {
            architecture: {
                layers: this.layers,
                inputs: this.layers.length > 0 ? [0] : [],
                outputs: this.outputs ?? (this.layers.length > 0 ? [this.layers.length - 1] : []),
                style: "sequential",
                complete: this.complete,
            },
            training: this.training,
            inference: [],
            span: span(1, 1, 5),
        };
        if (this.learner)
            model.learner = this.learner;
        return model;
    }
    program(extra = {}) {
        return { file: FILE, framework: "keras", models: [this.model()], notes: [], ...extra };
    }
}
export function model() {
    return new ModelBuilder();
}
//# sourceMappingURL=model-builder.js.map