import Neural
import StockcastCore

/// A network trained once on the pooled windows of many series of one kind (inputs are
/// level-normalised, so series of any volume pool), from which each series' own model starts
/// and is tuned for `tuningEpochs` epochs instead of training from random weights (cross-learning).
package struct BaseModel: Sendable {
    package var series: SeriesKind
    package var tensors: [String: Tensor]
    /// Epochs a series' model is tuned from the base.
    package var tuningEpochs: Int

    /// Trains the base on at most `windowsPerSeries` training windows of each job (the older
    /// `trainFraction` of each series' windows, evenly spaced) for `epochs` epochs; nil without
    /// jobs of `series` long enough to train.
    package static func train(
        _ jobs: [TrainingJob], series: SeriesKind, configuration: ModelConfiguration, windowsPerSeries: Int = 120,
        epochs: Int = 10, tuningEpochs: Int = 3
    ) throws -> BaseModel? {
        let encoding = configuration.encoding(series)
        var inputs: [Float] = [], targets: [Float] = []
        var validationInputs: [Float] = [], validationTargets: [Float] = []
        for job in jobs where job.series == series && job.values.count >= configuration.minimumHistory {
            let origins = encoding.origins(count: job.values.count)
            let cut = origins.lowerBound + Int(Double(origins.count) * configuration.trainFraction)
            let step = max(1, (cut - origins.lowerBound) / max(windowsPerSeries, 1))
            let chosen = Array(stride(from: origins.lowerBound, to: cut, by: step))
            let validation = Array(stride(from: cut, to: origins.upperBound, by: max(1, step)))
            let t = encoding.windows(job.values, start: job.start, origins: chosen).data
            inputs += t.inputs
            targets += t.targets
            let v = encoding.windows(job.values, start: job.start, origins: validation).data
            validationInputs += v.inputs
            validationTargets += v.targets
        }
        guard !targets.isEmpty else { return nil }
        let f = SeriesEncoding.features
        let training = SequenceDataset(steps: encoding.length, features: f, outputs: encoding.outputDays, inputs: inputs, targets: targets)
        let validation = SequenceDataset(
            steps: encoding.length, features: f, outputs: encoding.outputDays, inputs: validationInputs, targets: validationTargets)
        let seed = configuration.seed &+ (series == .sales ? 11 : 13)
        let network = Network(inputFeatures: f, architecture: configuration.architecture, seed: seed)
        var schedule = configuration.training
        schedule.epochs = epochs
        schedule.seed = seed
        _ = try Trainer(configuration: schedule).fit(network, training: training, validation: validation)
        return BaseModel(series: series, tensors: network.tensors, tuningEpochs: tuningEpochs)
    }
}
