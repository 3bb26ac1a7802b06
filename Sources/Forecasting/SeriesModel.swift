import Neural
import StockcastCore

/// A trained model of one series of one product: its weights and what they mean.
public struct SeriesModel: Sendable {
    /// Weights in Keras layout, named as in DESIGN.md (`lstm_1.kernel`, …).
    public var tensors: [String: Tensor]
    public var metadata: ModelMetadata

    public init(tensors: [String: Tensor], metadata: ModelMetadata) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// The model as a safetensors file.
    public var file: SafetensorsFile {
        SafetensorsFile(tensors: tensors, metadata: metadata.encoded)
    }

    /// Reads a model from a safetensors file, checking that its metadata and every tensor fit
    /// together. `source` names the file in errors.
    public init(file: SafetensorsFile, source: String) throws(ModelFileError) {
        let metadata = try ModelMetadata(decoding: file.metadata, source: source)
        if let problem = Network.problem(with: metadata.architecture, inputFeatures: metadata.features.count) {
            throw ModelFileError(file: source, problem: "metadata describes an unusable network: \(problem)")
        }
        guard metadata.sequenceLength >= 1 else {
            throw ModelFileError(file: source, problem: "metadata sequence_length \(metadata.sequenceLength) is not positive")
        }
        // Building the network checks every tensor's presence and shape against the architecture.
        let network = Network(inputFeatures: metadata.features.count, architecture: metadata.architecture, seed: 0)
        try network.load(file.tensors, source: source)
        self.init(tensors: file.tensors, metadata: metadata)
    }

    /// A network holding these weights.
    public func network() -> Network {
        let net = Network(inputFeatures: metadata.features.count, architecture: metadata.architecture,
                          seed: metadata.seed)
        // The tensors were checked against this architecture when the model was made or read.
        try! net.load(tensors, source: "model of \(metadata.product) \(metadata.series)")
        return net
    }

    public var scaler: MinMaxScaler {
        MinMaxScaler(minimum: metadata.scalerMin[0], maximum: metadata.scalerMax[0])
    }
}
