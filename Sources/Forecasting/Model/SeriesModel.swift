import Neural
import StockcastCore

/// A trained model of one series of one product: its weights and what they mean.
///
/// Made only by training or by reading a file that passed every check, so that its weights
/// always fit its architecture.
package struct SeriesModel: Sendable {
    /// Weights in Keras layout, named as in DESIGN.md (`lstm_1.kernel`, …).
    package let tensors: [String: Tensor]
    /// What the weights mean: inputs, scaling, architecture, training record, version.
    package let metadata: ModelMetadata

    init(tensors: [String: Tensor], metadata: ModelMetadata) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// The model as a safetensors file.
    package var file: SafetensorsFile {
        SafetensorsFile(tensors: tensors, metadata: metadata.encoded)
    }

    /// Reads a model from a safetensors file: the metadata must be complete and consistent, the
    /// network one that forecasts one value from one input series, and every tensor present,
    /// of the right shape and finite. `source` names the file in errors.
    package init(file: SafetensorsFile, source: String) throws(ModelFileError) {
        let metadata = try ModelMetadata(decoding: file.metadata, source: source)
        guard metadata.features == SeriesEncoding.featureNames else {
            throw ModelFileError(
                file: source, problem: "metadata lists input features \(metadata.features); this Stockcast computes \(SeriesEncoding.featureNames)")
        }
        let output = Architecture.output(metadata.architecture, inputFeatures: SeriesEncoding.features)
        guard output.features == metadata.outputDays, !output.perStep else {
            throw ModelFileError(
                file: source,
                problem: "the network does not end in one value per forecast day (architecture \(ModelMetadata.kerasDescription(metadata.architecture)))")
        }
        // Checks the architecture's size and every tensor's presence and shape before allocating.
        _ = try Network(inputFeatures: SeriesEncoding.features, architecture: metadata.architecture, tensors: file.tensors, source: source)
        try file.requireFinite(source: source)
        self.init(tensors: file.tensors, metadata: metadata)
    }

    /// A network holding these weights.
    package func network() -> Network {
        // The tensors fit the architecture: they came from training it or passed `init(file:source:)`.
        try! Network(
            inputFeatures: metadata.features.count, architecture: metadata.architecture, tensors: tensors,
            source: "model of \(metadata.product) \(metadata.series)", seed: metadata.seed)
    }

    /// The range of the series the model was trained on, units/day.
    package var trainingRange: MinMaxScaler {
        MinMaxScaler(minimum: metadata.scalerMin[0], maximum: metadata.scalerMax[0])
    }

    /// The forecasts of every window of `data`, in units/day: `scales[i]` is window i's scale
    /// and `origins[i]` its first forecast day; one row of `outputDays` values per window.
    func forecasts(_ data: SequenceDataset, scales: [WindowScale], origins: [Day], network: Network? = nil) -> [[Double]] {
        let net = network ?? self.network()
        let h = metadata.outputDays
        let out = net.predict(data)
        return zip(scales, origins).enumerated().map { i, pair in
            (0..<h).map { pair.0.units(out[i * h + $0], on: pair.1.advanced(by: $0)) }
        }
    }
}
