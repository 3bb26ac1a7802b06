import Neural
import StockcastCore

/// One series of one product to train.
package struct TrainingJob: Sendable {
    /// The product id as the data spells it.
    package var product: String
    /// Which of the product's series this model forecasts.
    package var series: SeriesKind
    /// First day of `values`.
    package var start: Day
    /// One value per day, in units.
    package var values: [Double]
    /// The version this training replaces, if any (the new model is `parent + 1`).
    package var parentVersion: Int?
    /// For a returns series, the product's sales on the same days (units/day): the returns-from-sales
    /// candidate forecasts from them. nil when unknown.
    package var sales: [Double]?

    /// A job for `values`, one per day from `start`, in units.
    package init(
        product: String, series: SeriesKind, start: Day, values: [Double], parentVersion: Int? = nil,
        sales: [Double]? = nil
    ) {
        self.product = product
        self.series = series
        self.start = start
        self.values = values
        self.parentVersion = parentVersion
        self.sales = sales
    }

    /// The job for one series of `history` (a returns job carries the sales).
    package init(_ history: ProductHistory, _ series: SeriesKind) {
        self.init(
            product: history.product, series: series, start: history.start, values: history.values(series),
            sales: series == .returns ? history.sales : nil)
    }

    /// The jobs for both series of each product.
    package static func jobs(for histories: [ProductHistory]) -> [TrainingJob] {
        histories.flatMap { h in SeriesKind.allCases.map { TrainingJob(h, $0) } }
    }

    /// What the forecasting methods see of the job's series.
    package var context: SeriesContext {
        SeriesContext(series: series, start: start, values: values, sales: sales)
    }
}

/// A trained model with its scores.
package struct TrainingOutcome: Sendable {
    /// The weights of the best epoch and their metadata.
    package var model: SeriesModel
    /// Epoch by epoch, with the work done and the time it took.
    package var report: TrainingReport
    /// Mean absolute error of the best weights on the validation (test) windows, in the
    /// network's relative units (fraction of each window's level).
    package var testMAEScaled: Double
    /// Mean absolute error of the validation windows' forecasts over all their days, units/day.
    package var testMAE: Double
    /// Windows (samples) trained on.
    package var trainingWindows: Int
    /// Windows held out for validation and the test MAE.
    package var validationWindows: Int
    /// The choice of the serving method on the validation origins (nil when there was none to make).
    package var selection: MethodSelection?
    /// The LSTM's forecast from each of the selection's origins (index of the first forecast day), units/day.
    package var validationForecasts: [Int: [Double]] = [:]
}

/// Training of one series from scratch: `SeriesEncoding`'s windows of `sequenceLength` days
/// with `outputDays` target days each, a chronological split, the configured network and the
/// seed's schedule, early stopping on the validation windows.
package enum InitialTraining {
    /// The seed for one series: the base seed mixed with the product id and series name, so
    /// that each model is reproducible on its own, whatever else is trained alongside (a model
    /// tuned from a base depends on the base too, which records the series it pooled).
    static func seed(base: UInt64, product: String, series: SeriesKind) -> UInt64 {
        fnv1a64(Array(product.utf8) + [0] + Array(series.rawValue.utf8), seed: 0xcbf2_9ce4_8422_2325 ^ base)
    }

    /// Trains `job`'s series from scratch — from random weights, or tuned from `warmStart`'s base
    /// for its `tuningEpochs` when one is given for the series' kind (from random weights after
    /// all when that tuning never reaches a finite loss). Throws `ForecastingError` for an invalid
    /// configuration, a history shorter than `configuration.minimumHistory` days or a training
    /// that never reached a finite loss, and `CancellationError` when `isCancelled` turns true
    /// (checked between batches). `onEpoch` reports each epoch as it ends.
    package static func train(
        _ job: TrainingJob,
        configuration: ModelConfiguration,
        warmStart: WarmStart? = nil,
        isCancelled: () -> Bool = { Task.isCancelled },
        onEpoch: (EpochSummary) -> Void = { _ in }
    ) throws -> TrainingOutcome {
        if let problem = configuration.problem {
            throw ForecastingError.invalidConfiguration(problem)
        }
        let needed = configuration.minimumHistory
        guard job.values.count >= needed else {
            throw ForecastingError.insufficientHistory(
                product: job.product, series: job.series,
                days: job.values.count, needed: needed)
        }
        let range = MinMaxScaler(fitting: job.values)
        let encoding = configuration.encoding(job.series)
        let origins = encoding.origins(count: job.values.count)
        let (windows, scales) = encoding.windows(job.values, start: job.start, origins: origins)
        let (training, validation) = Windows.split(windows, trainFraction: configuration.trainFraction)
        let validationOrigins = (origins.lowerBound + training.count)..<origins.upperBound

        let seed = Self.seed(base: configuration.seed, product: job.product, series: job.series)
        let network = Network(inputFeatures: SeriesEncoding.features, architecture: configuration.architecture, seed: seed)
        var schedule = configuration.training
        var baseDigest: String?
        // A warm start: the base's weights, tuned on this series for a few epochs (a base that
        // does not fit the architecture is not used: the series trains from its random weights).
        if let warmStart, warmStart.base.series == job.series, (try? network.load(warmStart.base.tensors, source: "base model")) != nil {
            schedule.epochs = warmStart.tuningEpochs
            schedule.patience = nil
            baseDigest = warmStart.digest
        }
        schedule.seed = seed &+ 1
        let report = try Trainer(configuration: schedule).fit(
            network, training: training, validation: validation, isCancelled: isCancelled, onEpoch: onEpoch)

        guard let best = report.best, let maeScaled = best.validationMAE else {
            // Tuned from a base it never reached a finite loss: from random weights instead.
            if baseDigest != nil { return try train(job, configuration: configuration, isCancelled: isCancelled, onEpoch: onEpoch) }
            throw ForecastingError.trainingDiverged(product: job.product, series: job.series)
        }
        var metadata = ModelMetadata(
            product: job.product, series: job.series, sequenceLength: encoding.length, levelDays: encoding.levelDays,
            features: SeriesEncoding.featureNames, scalerMin: [range.minimum], scalerMax: [range.maximum],
            firstDay: job.start, trainedThrough: job.start.advanced(by: job.values.count - 1),
            architecture: configuration.architecture,
            trainingLoss: best.trainingLoss, validationLoss: best.validationLoss ?? .nan,
            validationMAE: .nan,
            epochs: report.epochsRun, bestEpoch: report.bestEpoch,
            version: (job.parentVersion ?? 0) + 1, parentVersion: job.parentVersion, seed: seed)
        metadata.weekdayDays = encoding.weekdayDays
        metadata.baseModel = baseDigest
        // The validation MAE in units: every validation window's forecast against what followed.
        let unscored = SeriesModel(tensors: network.tensors, metadata: metadata)
        let validationScales = Array(scales[training.count...])
        let predicted = unscored.forecasts(
            validation, scales: validationScales,
            origins: validationOrigins.map { job.start.advanced(by: $0) }, network: network)
        let testMAE = Windows.mae(predicted, values: job.values, origins: validationOrigins)
        metadata.validationMAE = testMAE
        metadata.errorSD = HoldoutEvaluation.errorSD(
            values: job.values, forecasts: predicted,
            levels: validationScales.map(\.level), origins: validationOrigins)
        // The serving method, chosen on every `validationSpacing`-th validation origin, newest first.
        let selectionOrigins = MethodSelection.origins(
            count: job.values.count, horizon: encoding.outputDays,
            newest: validationOrigins.upperBound - 1, earliest: validationOrigins.lowerBound,
            spacing: configuration.validationSpacing, limit: configuration.validationOrigins)
        let rows = Dictionary(uniqueKeysWithValues: selectionOrigins.map { ($0, predicted[$0 - validationOrigins.lowerBound]) })
        let selection = MethodSelection.select(
            job.context, origins: selectionOrigins, horizon: encoding.outputDays, lstm: rows,
            lstmMargin: configuration.baselineMargin)
        metadata.servedBy = selection?.served ?? .lstm
        metadata.selection = selection?.reason ?? "lstm serves: no validation origins to compare the methods on"
        metadata.serving = selection?.plan
        return TrainingOutcome(
            model: SeriesModel(tensors: network.tensors, metadata: metadata), report: report,
            testMAEScaled: maeScaled, testMAE: testMAE,
            trainingWindows: training.count, validationWindows: validation.count,
            selection: selection, validationForecasts: rows)
    }
}
