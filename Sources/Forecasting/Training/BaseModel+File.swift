import Neural
import StockcastCore

extension BaseModel {
    /// The base as a safetensors file: the weights in Keras layout, as a series model's, and
    /// metadata saying what it is (it forecasts nothing by itself).
    package var file: SafetensorsFile {
        SafetensorsFile(
            tensors: tensors,
            metadata: [
                "format": "stockcast-base",
                "format_version": "1",
                "framework": "stockcast \(StockcastVersion.current)",
                "series": series.rawValue,
                "trained_through": trainedThrough.description,
                "series_count": String(seriesCount),
                "windows": String(windows),
                "epochs": String(epochs),
                "fingerprint": fingerprint,
                "digest": digest,
                "note":
                    "the shared starting point of the \(series.rawValue) models trained from scratch (warm start): each product's model file holds its own tuned weights and names this base's digest in base_model; digest = the first 16 hex digits of the SHA-256 of this file's tensors encoded as safetensors without metadata",
            ])
    }

    /// Reads a base back: its metadata and finite weights (whether they fit an architecture is
    /// `check(architecture:source:)`'s to say). `source` names the file in errors.
    package init(file: SafetensorsFile, source: String) throws(ModelFileError) {
        let m = file.metadata
        func field(_ key: String) throws(ModelFileError) -> String {
            guard let value = m[key] else { throw ModelFileError(file: source, problem: "metadata lacks \(key); not a Stockcast base model") }
            return value
        }
        func int(_ key: String) throws(ModelFileError) -> Int {
            let text = try field(key)
            guard let n = Int(text), n >= 0 else { throw ModelFileError(file: source, problem: "metadata \(key) = \(text.prefix(40)) is not valid") }
            return n
        }
        guard try field("format") == "stockcast-base", try field("format_version") == "1" else {
            throw ModelFileError(file: source, problem: "not a Stockcast base model of format 1")
        }
        guard let series = SeriesKind(rawValue: try field("series")) else {
            throw ModelFileError(file: source, problem: "metadata series is neither sales nor returns")
        }
        guard let through = Day(iso: try field("trained_through")) else {
            throw ModelFileError(file: source, problem: "metadata trained_through is not a date")
        }
        try file.requireFinite(source: source)
        self.init(
            series: series, tensors: file.tensors, trainedThrough: through, seriesCount: try int("series_count"),
            windows: try int("windows"), epochs: try int("epochs"), fingerprint: try field("fingerprint"))
    }

    /// Throws unless every tensor the network of `architecture` needs is present with its shape.
    package func check(architecture: [LayerSpec], source: String) throws(ModelFileError) {
        _ = try Network(inputFeatures: SeriesEncoding.features, architecture: architecture, tensors: tensors, source: source)
    }
}
