/// Training or evaluation samples: input windows of `steps × features` values and their
/// targets of `outputs` values each, stored sample-major (Keras's `[samples, steps, features]`).
package struct SequenceDataset: Sendable {
    /// Time steps per window.
    package let steps: Int
    /// Features per time step.
    package let features: Int
    /// Target values per sample.
    package let outputs: Int
    /// `count × steps × features` values.
    package let inputs: [Float]
    /// `count × outputs` values.
    package let targets: [Float]

    package init(steps: Int, features: Int, outputs: Int = 1, inputs: [Float], targets: [Float]) {
        precondition(steps > 0 && features > 0 && outputs > 0)
        precondition(inputs.count % (steps * features) == 0, "inputs do not divide into windows")
        precondition(targets.count == inputs.count / (steps * features) * outputs, "one target row per window")
        self.steps = steps
        self.features = features
        self.outputs = outputs
        self.inputs = inputs
        self.targets = targets
    }

    /// Number of samples.
    package var count: Int { targets.count / outputs }

    /// The samples in `range`, in order.
    package func slice(_ range: Range<Int>) -> SequenceDataset {
        let w = steps * features
        return SequenceDataset(
            steps: steps, features: features, outputs: outputs,
            inputs: Array(inputs[range.lowerBound * w..<range.upperBound * w]),
            targets: Array(targets[range.lowerBound * outputs..<range.upperBound * outputs]))
    }
}
