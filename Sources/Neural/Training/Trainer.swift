/// How a network is trained. The defaults are the seed system's Keras schedule.
package struct TrainingConfiguration: Sendable, Equatable, Codable {
    /// Upper bound on passes over the training samples.
    package var epochs: Int = 30
    /// Samples per gradient step (the last batch of an epoch may be smaller).
    package var batchSize: Int = 32
    /// Epochs without improvement of the monitored loss before training stops; nil trains all
    /// `epochs`. The weights of the best epoch are restored either way.
    package var patience: Int? = 10
    /// Adam's step size and decay rates.
    package var optimizer = AdamConfiguration()
    /// Reshuffle the training samples every epoch.
    package var shuffle = true
    /// Seeds the shuffling; the network's own seed fixes its weights and dropout masks.
    package var seed: UInt64 = 0

    package init(
        epochs: Int = 30, batchSize: Int = 32, patience: Int? = 10,
        optimizer: AdamConfiguration = AdamConfiguration(), shuffle: Bool = true, seed: UInt64 = 0
    ) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.patience = patience
        self.optimizer = optimizer
        self.shuffle = shuffle
        self.seed = seed
    }
}

/// What one epoch achieved.
package struct EpochSummary: Sendable, Equatable {
    /// 1-based epoch number.
    package var epoch: Int
    /// Mean squared error over the epoch's training batches (dropout active).
    package var trainingLoss: Double
    /// Mean squared error on the validation samples after the epoch, if there are any.
    package var validationLoss: Double?
    /// Mean absolute error on the validation samples after the epoch.
    package var validationMAE: Double?
    /// Wall time of the epoch, seconds.
    package var seconds: Double
}

/// The outcome of `Trainer.fit`.
package struct TrainingReport: Sendable {
    /// One entry per epoch run.
    package var history: [EpochSummary]
    /// The epoch (1-based) whose weights the network holds after training; 0 when no epoch
    /// reached a finite loss and the network holds its initial weights.
    package var bestEpoch: Int
    /// True when early stopping ended training before `epochs`.
    package var stoppedEarly: Bool
    /// Multiply-adds of all matrix products run (forward and backward, training and validation).
    package var multiplyAdds: Int
    /// Wall time of the whole run, seconds.
    package var seconds: Double

    package var epochsRun: Int { history.count }
    /// The summary of `bestEpoch`, nil when training diverged from the first epoch on.
    package var best: EpochSummary? { bestEpoch > 0 ? history[bestEpoch - 1] : nil }
}

/// Mini-batch training with Adam, MSE loss, per-epoch validation and early stopping that
/// restores the best weights, like Keras's `fit` with an `EarlyStopping` callback.
package struct Trainer: Sendable {
    /// The schedule every `fit` follows.
    package var configuration: TrainingConfiguration

    package init(configuration: TrainingConfiguration = TrainingConfiguration()) {
        self.configuration = configuration
    }

    /// Trains `network` in place. Early stopping monitors the validation loss (the training
    /// loss when there is no validation set); a non-finite loss ends training. `isCancelled` is
    /// checked between batches; on cancellation the network keeps its best weights so far and
    /// `CancellationError` is thrown.
    package func fit(
        _ network: Network,
        training: SequenceDataset,
        validation: SequenceDataset? = nil,
        isCancelled: () -> Bool = { Task.isCancelled },
        onEpoch: (EpochSummary) -> Void = { _ in }
    ) throws(CancellationError) -> TrainingReport {
        let config = configuration
        precondition(config.batchSize > 0 && config.epochs > 0)
        precondition(training.count > 0, "no training samples")
        precondition(training.outputs == network.outputSize, "targets have \(training.outputs) values; the network outputs \(network.outputSize)")
        let clock = ContinuousClock()
        let started = clock.now
        let params = network.parameters
        let optimizer = Adam(parameters: params, configuration: config.optimizer)
        let best = params.map { FloatBuffer(count: $0.count) }
        func snapshot() { for (b, p) in zip(best, params) { b.pointer.update(from: p.value, count: p.count) } }
        func restore() { for (b, p) in zip(best, params) { p.value.update(from: b.pointer, count: p.count) } }

        var generator = SeededGenerator(seed: config.seed)
        var order = Array(0..<training.count)
        var history: [EpochSummary] = []
        var bestLoss = Double.infinity
        var bestEpoch = 0
        var wait = 0
        var stoppedEarly = false
        var multiplyAdds = 0
        snapshot()

        epochs: for epoch in 1...config.epochs {
            let epochStart = clock.now
            if config.shuffle { generator.shuffle(&order) }
            var lossSum = 0.0
            var start = 0
            while start < order.count {
                if isCancelled() {
                    restore()
                    throw CancellationError()
                }
                let end = min(start + config.batchSize, order.count)
                let batch = order[start..<end]
                lossSum += trainStep(network, optimizer, training, batch) * Double(batch.count)
                let work = network.multiplyAdds(steps: training.steps, batch: batch.count)
                multiplyAdds += work.forward + work.backward
                start = end
            }
            let trainingLoss = lossSum / Double(order.count)
            var summary = EpochSummary(epoch: epoch, trainingLoss: trainingLoss, seconds: 0)
            if let validation, validation.count > 0 {
                let scores = network.evaluate(validation)
                summary.validationLoss = scores.mse
                summary.validationMAE = scores.mae
                multiplyAdds += network.multiplyAdds(steps: validation.steps, batch: validation.count).forward
            }
            summary.seconds = seconds(clock.now - epochStart)
            history.append(summary)
            onEpoch(summary)

            let monitored = summary.validationLoss ?? trainingLoss
            guard trainingLoss.isFinite, monitored.isFinite else {
                // Diverged: keep the best weights seen so far.
                stoppedEarly = epoch < config.epochs
                break epochs
            }
            if monitored < bestLoss {
                bestLoss = monitored
                bestEpoch = epoch
                wait = 0
                snapshot()
            } else {
                wait += 1
                if let patience = config.patience, wait >= patience, epoch < config.epochs {
                    stoppedEarly = true
                    break epochs
                }
            }
        }
        restore()
        return TrainingReport(
            history: history, bestEpoch: bestEpoch, stoppedEarly: stoppedEarly,
            multiplyAdds: multiplyAdds, seconds: seconds(clock.now - started))
    }

    /// One gradient step on `batch`; returns the batch's mean squared error.
    private func trainStep(
        _ network: Network, _ optimizer: Adam, _ data: SequenceDataset,
        _ batch: ArraySlice<Int>
    ) -> Double {
        let loss = network.computeGradients(data, samples: batch, training: true)
        optimizer.step()
        return loss
    }

    private func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
