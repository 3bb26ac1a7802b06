import Foundation
import Neural
import StockcastCore

/// What a model file says about itself in its safetensors `__metadata__`: enough for another
/// framework to rebuild the inputs, run the weights and turn the output back into units.
package struct ModelMetadata: Sendable, Equatable {
    /// Version of this metadata layout.
    package static let formatVersion = 2

    /// The product id as the data spells it.
    package var product: String
    /// The series the model forecasts.
    package var series: SeriesKind
    /// Days per input window.
    package var sequenceLength: Int
    /// Days averaged for the level the inputs and outputs are relative to (see `features`).
    package var levelDays: Int
    /// Days whose weekday profile scales the inputs and outputs (see `features`).
    package var weekdayDays: Int = 364
    /// Input features in order (one per value of a time step): `SeriesEncoding.featureNames`.
    package var features: [String]
    /// Smallest value of the series the model was trained on, units/day (one entry). Not part
    /// of the input computation (the level is); new values far outside this range call for a
    /// retrain.
    package var scalerMin: [Double]
    /// Largest value of the training series, units/day (one entry).
    package var scalerMax: [Double]
    /// The first day of the history the model was trained on.
    package var firstDay: Day
    /// The last day of history the model has seen (training and validation).
    package var trainedThrough: Day
    /// The network, layer by layer (written as Keras would declare it).
    package var architecture: [LayerSpec]
    /// Mean squared error of the best epoch on the training windows (scaled units).
    package var trainingLoss: Double
    /// Mean squared error on the validation windows (scaled units).
    package var validationLoss: Double
    /// Mean absolute error on the validation windows, in units/day.
    package var validationMAE: Double
    /// Epochs run.
    package var epochs: Int
    /// The epoch whose weights the file holds (early stopping restores the best).
    package var bestEpoch: Int
    /// 1 for a first training, parent + 1 for each retraining.
    package var version: Int
    /// The version this one was trained from, nil for the first.
    package var parentVersion: Int?
    /// The seed of the initial weights, dropout masks and shuffling.
    package var seed: UInt64
    /// Per forecast day (one per output), the standard deviation of (actual − forecast) / level
    /// on the validation windows: the forecast error's sd in units is this times the level.
    package var errorSD: [Double] = []
    /// The method that serves the series: the LSTM, or a baseline that did clearly better on
    /// the validation windows.
    package var servedBy: ForecastMethod = .lstm
    /// Why `servedBy` serves, with the figures.
    package var selection: String = ""
    /// How the series is served (method, combination members, interval calibration); nil in
    /// files written before the choice by validation MASE (then `servedBy` with `errorSD`).
    package var serving: ServingPlan?
    /// The digest of the base model the training started from (`BaseModel.digest`); nil when it
    /// started from random weights.
    package var baseModel: String?

    /// Metadata from its fields (see each property).
    package init(
        product: String, series: SeriesKind, sequenceLength: Int, levelDays: Int, features: [String],
        scalerMin: [Double], scalerMax: [Double], firstDay: Day, trainedThrough: Day,
        architecture: [LayerSpec], trainingLoss: Double, validationLoss: Double, validationMAE: Double,
        epochs: Int, bestEpoch: Int, version: Int, parentVersion: Int?, seed: UInt64
    ) {
        self.product = product
        self.series = series
        self.sequenceLength = sequenceLength
        self.levelDays = levelDays
        self.features = features
        self.scalerMin = scalerMin
        self.scalerMax = scalerMax
        self.firstDay = firstDay
        self.trainedThrough = trainedThrough
        self.architecture = architecture
        self.trainingLoss = trainingLoss
        self.validationLoss = validationLoss
        self.validationMAE = validationMAE
        self.epochs = epochs
        self.bestEpoch = bestEpoch
        self.version = version
        self.parentVersion = parentVersion
        self.seed = seed
    }

    /// The `__metadata__` strings.
    package var encoded: [String: String] {
        var out = baseEncoded
        if let serving {
            out["serving"] = serving.json
            out["serving_note"] = ServingPlan.note
        }
        out["base_model"] = baseModel ?? "none"
        out["base_model_note"] =
            "where this model's lineage started: none (random weights from Keras's initialisers and the seed) or the digest of the base model its last training from scratch was tuned from (models/.base/\(series.rawValue).safetensors's metadata digest: the first 16 hex digits of the SHA-256 of its tensors encoded as safetensors without metadata); fine-tunes keep it. The weights here are the model's own either way"
        return out
    }

    private var baseEncoded: [String: String] {
        let featureDescriptions = features.enumerated().map { index, name in
            FeatureDescription(
                index: index, name: name,
                formula: index < SeriesEncoding.featureFormulas.count ? SeriesEncoding.featureFormulas[index] : "unknown")
        }
        return [
            "format": "stockcast-lstm",
            "format_version": String(Self.formatVersion),
            "framework": "stockcast \(StockcastVersion.current)",
            "product": product,
            "series": series.rawValue,
            "sequence_length": String(sequenceLength),
            "level_days": String(levelDays),
            "weekday_days": String(weekdayDays),
            "features": FeatureDescription.json(featureDescriptions),
            "scaler_min": "[" + scalerMin.map { "\($0)" }.joined(separator: ",") + "]",
            "scaler_max": "[" + scalerMax.map { "\($0)" }.joined(separator: ",") + "]",
            "input_layout": "[batch, sequence_length, features]: the sequence_length days before the first forecast day, oldest first",
            "output": "\(series.rawValue): " + SeriesEncoding.outputFormula,
            "output_days": String(outputDays),
            "scaler_note": "scaler_min and scaler_max are the range of the training series in units (information, not used by the input formulas)",
            "architecture": Self.kerasDescription(architecture),
            "gate_order": "i,f,c,o",
            "activation": "tanh",
            "recurrent_activation": "sigmoid",
            "first_day": firstDay.description,
            "trained_through": trainedThrough.description,
            "training_loss": "\(trainingLoss)",
            "validation_loss": "\(validationLoss)",
            "validation_mae_units": "\(validationMAE)",
            "epochs": String(epochs),
            "best_epoch": String(bestEpoch),
            "version": String(version),
            "parent_version": parentVersion.map(String.init) ?? "none",
            "seed": String(seed),
            "error_sd": "[" + errorSD.map { "\($0)" }.joined(separator: ",") + "]",
            "error_sd_note":
                "per output day: sd of (actual - forecast) / level on the validation windows; the LSTM's own prediction interval of day h of block k (k = 1 for days 1 to output_days, see horizon_note) = forecast +- z * error_sd[h] * level of block k's window * sqrt(k), the lower bound clamped at 0. When serving is present the served forecast's intervals are its calibration's instead (serving_note)",
            "activation_note":
                "activation (tanh) and recurrent_activation (sigmoid) are the LSTM layers' (Keras's defaults); the Dense layers have no activation (linear), as Keras's Dense(units) without one",
            "horizon_note":
                "days after the first output_days: the block's forecasts (clamped at 0, not rounded) are appended to the history and the next output_days are forecast from the sequence_length days ending with them, level and weekday profile recomputed at that window's end; and so on",
            "forecast_start_note":
                "the first forecast day is the day after the product's last day of history at forecast time (gaps estimated from the same weekday of the nearest covered weeks), which is later than trained_through when a fine-tune was rejected",
            "served_by": servedBy.rawValue,
            "selection": selection,
        ]
    }

    /// Reads the metadata back; `source` names the file in errors.
    package init(decoding m: [String: String], source: String) throws(ModelFileError) {
        func field(_ key: String) throws(ModelFileError) -> String {
            guard let value = m[key] else {
                throw ModelFileError(file: source, problem: "metadata lacks \(key); not a Stockcast model file, or written by an incompatible version")
            }
            return value
        }
        func bad(_ key: String, _ value: String) -> ModelFileError {
            ModelFileError(file: source, problem: "metadata \(key) = \(value.prefix(80)) is not valid")
        }
        func int(_ key: String) throws(ModelFileError) -> Int {
            let v = try field(key)
            guard let n = Int(v) else { throw bad(key, v) }
            return n
        }
        func double(_ key: String) throws(ModelFileError) -> Double {
            let v = try field(key)
            guard let n = Double(v) else { throw bad(key, v) }
            return n
        }
        func list(_ key: String) throws(ModelFileError) -> [Double] {
            let v = try field(key)
            guard v.hasPrefix("["), v.hasSuffix("]") else { throw bad(key, v) }
            let inner = v.dropFirst().dropLast()
            if inner.isEmpty { return [] }
            var out: [Double] = []
            for part in inner.split(separator: ",") {
                guard let n = Double(part.trimmingCharacters(in: .whitespaces)) else { throw bad(key, v) }
                out.append(n)
            }
            return out
        }
        func day(_ key: String) throws(ModelFileError) -> Day {
            let v = try field(key)
            guard let d = Day(iso: v) else { throw bad(key, v) }
            return d
        }

        let format = try int("format_version")
        guard format == Self.formatVersion else {
            throw ModelFileError(file: source, problem: "metadata format_version \(format) is not supported (this Stockcast reads \(Self.formatVersion))")
        }
        let seriesName = try field("series")
        guard let series = SeriesKind(rawValue: seriesName) else { throw bad("series", seriesName) }
        let featuresJSON = try field("features")
        guard let names = FeatureDescription.names(fromJSON: featuresJSON) else { throw bad("features", featuresJSON) }
        let parentText = try field("parent_version")
        var parent: Int?
        if parentText != "none" {
            guard let p = Int(parentText), p >= 1 else { throw bad("parent_version", parentText) }
            parent = p
        }
        guard let architecture = Self.parseKerasDescription(try field("architecture")) else {
            throw bad("architecture", m["architecture"] ?? "")
        }
        let seedText = try field("seed")
        guard let seed = UInt64(seedText) else { throw bad("seed", seedText) }
        self.init(
            product: try field("product"), series: series, sequenceLength: try int("sequence_length"), levelDays: try int("level_days"),
            features: names, scalerMin: try list("scaler_min"), scalerMax: try list("scaler_max"),
            firstDay: try day("first_day"), trainedThrough: try day("trained_through"),
            architecture: architecture,
            trainingLoss: try double("training_loss"), validationLoss: try double("validation_loss"),
            validationMAE: try double("validation_mae_units"),
            epochs: try int("epochs"), bestEpoch: try int("best_epoch"), version: try int("version"),
            parentVersion: parent, seed: seed)
        guard (1...10_000).contains(sequenceLength) else { throw bad("sequence_length", String(sequenceLength)) }
        weekdayDays = try int("weekday_days")
        guard (7...3650).contains(weekdayDays) else { throw bad("weekday_days", String(weekdayDays)) }
        errorSD = try list("error_sd")
        guard errorSD.count == outputDays, errorSD.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw bad("error_sd", m["error_sd"] ?? "")
        }
        let served = try field("served_by")
        guard let method = ForecastMethod(rawValue: served) else { throw bad("served_by", served) }
        servedBy = method
        selection = m["selection"] ?? ""
        if let base = m["base_model"], base != "none" { baseModel = base }
        if let text = m["serving"] {
            guard let plan = ServingPlan(json: text) else { throw bad("serving", text) }
            serving = plan
        }
        guard (sequenceLength...3650).contains(levelDays) else { throw bad("level_days", String(levelDays)) }
        guard version >= 1 else { throw bad("version", String(version)) }
        guard trainedThrough >= firstDay else {
            throw ModelFileError(file: source, problem: "metadata trained_through \(trainedThrough) is before first_day \(firstDay)")
        }
        guard scalerMin.count == 1, scalerMax.count == 1 else {
            throw ModelFileError(
                file: source, problem: "metadata has \(scalerMin.count) scaler_min and \(scalerMax.count) scaler_max values; one each expected")
        }
        guard zip(scalerMin, scalerMax).allSatisfy({ $0.isFinite && $1.isFinite && $0 <= $1 }) else {
            throw ModelFileError(file: source, problem: "metadata scaler_min \(scalerMin) and scaler_max \(scalerMax) are not finite with min ≤ max")
        }
    }

    /// Days forecast by one pass: the width of the output layer.
    package var outputDays: Int {
        if case let .dense(units)? = architecture.last { return units }
        return 1
    }

    var encoding: SeriesEncoding {
        SeriesEncoding(length: sequenceLength, outputDays: outputDays, levelDays: levelDays, weekdayDays: weekdayDays)
    }

    /// `LSTM(50, return_sequences=True), Dropout(0.2), …, Dense(30)`.
    static func kerasDescription(_ layers: [LayerSpec]) -> String {
        layers.map { spec in
            switch spec {
            case let .lstm(units, sequences): return sequences ? "LSTM(\(units), return_sequences=True)" : "LSTM(\(units))"
            case let .dropout(rate): return "Dropout(\(rate))"
            case let .dense(units): return "Dense(\(units))"
            }
        }.joined(separator: ", ")
    }

    static func parseKerasDescription(_ text: String) -> [LayerSpec]? {
        var layers: [LayerSpec] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            guard let open = rest.firstIndex(of: "("), let close = rest.firstIndex(of: ")"), open < close else { return nil }
            let kind = rest[..<open].trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: ",")))
            let args = rest[rest.index(after: open)..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            switch kind {
            case "LSTM":
                guard let units = Int(args.first ?? "") else { return nil }
                layers.append(.lstm(units: units, returnSequences: args.contains("return_sequences=True")))
            case "Dropout":
                guard let rate = Double(args.first ?? "") else { return nil }
                layers.append(.dropout(rate: rate))
            case "Dense":
                guard let units = Int(args.first ?? "") else { return nil }
                layers.append(.dense(units: units))
            default:
                return nil
            }
            rest = rest[rest.index(after: close)...]
        }
        return layers.isEmpty ? nil : layers
    }
}
