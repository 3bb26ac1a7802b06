/// Mean squared error, the training loss, and its gradient.
enum MeanSquaredError {
    /// The mean of (prediction − target)² over the batch's `samples` of `data`, and
    /// ∂loss/∂prediction = 2(prediction − target)/n written to `gradient`. Predictions and
    /// gradient are `[outputs × paddedBatch]`; the padding gets zero gradient.
    static func lossAndGradient(
        predictions y: UnsafePointer<Float>, data: SequenceDataset,
        samples: some Collection<Int>, paddedBatch: Int,
        into gradient: UnsafeMutablePointer<Float>
    ) -> Double {
        let outputs = data.outputs
        let n = Float(samples.count * outputs)
        gradient.update(repeating: 0, count: outputs * paddedBatch)
        var sum = 0.0
        data.targets.withUnsafeBufferPointer { targets in
            for (b, sample) in samples.enumerated() {
                for o in 0..<outputs {
                    let diff = y[o * paddedBatch + b] - targets[sample * outputs + o]
                    sum += Double(diff * diff)
                    gradient[o * paddedBatch + b] = 2 * diff / n
                }
            }
        }
        return sum / Double(n)
    }
}

extension Network {
    /// Runs `samples` of `data` forward (dropout active when `training`), sets every
    /// parameter's gradient to that of the batch's mean squared error, and returns the loss.
    func computeGradients(_ data: SequenceDataset, samples: some Collection<Int>, training: Bool) -> Double {
        let batch = gather(data, indices: samples).batch
        let y = forward(training: training)
        let gradient = outputGradientBuffer(batch * data.outputs)
        let loss = MeanSquaredError.lossAndGradient(
            predictions: y, data: data, samples: samples,
            paddedBatch: batch, into: gradient)
        zeroGradients()
        backward(gradient)
        return loss
    }

    /// Mean squared error and mean absolute error of the predictions for `data`, in the
    /// targets' units (inference mode).
    package func evaluate(_ data: SequenceDataset) -> (mse: Double, mae: Double) {
        let predictions = predict(data)
        var squared = 0.0, absolute = 0.0
        for (p, t) in zip(predictions, data.targets) {
            let d = Double(p) - Double(t)
            squared += d * d
            absolute += abs(d)
        }
        let n = Double(max(predictions.count, 1))
        return (squared / n, absolute / n)
    }
}
