import Forecasting
import Foundation
import Neural
import StockcastCore

/// The model files under `models/`: `<product>/sales.safetensors` and `returns.safetensors`,
/// plus the previous versions `<series>.v<N>.safetensors` (the last `keptVersions`).
///
/// The product id names a directory only through `SafeFileName`, so no id can reach outside
/// the root. Files are written atomically: a reader sees the old model or the new one.
public struct ModelDirectory: Sendable {
    /// The `models/` directory.
    public let root: String
    /// Previous versions kept next to the current model, for rollback.
    public var keptVersions = 3

    public init(root: String) {
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
    }

    /// The directory of one product's models.
    public func directory(for product: String) -> String {
        root + "/" + SafeFileName.encode(product)
    }

    /// The current model file of one series.
    public func path(product: String, series: SeriesKind) -> String {
        directory(for: product) + "/\(series.rawValue).safetensors"
    }

    /// The file of an earlier version of one series.
    public func versionPath(product: String, series: SeriesKind, version: Int) -> String {
        directory(for: product) + "/\(series.rawValue).v\(version).safetensors"
    }

    /// The current model of one series, nil if there is none; a damaged file is an error.
    public func read(product: String, series: SeriesKind) throws(ModelFileError) -> SeriesModel? {
        let path = path(product: product, series: series)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try SeriesModel(file: Safetensors.read(path: path), source: path)
    }

    /// Makes `model` the current one of its series. The model it replaces stays available as
    /// `<series>.v<version>.safetensors`; versions beyond the last `keptVersions` are removed.
    /// Returns the path written.
    @discardableResult
    public func write(_ model: SeriesModel) throws -> String {
        let product = model.metadata.product, series = model.metadata.series
        try AtomicFile.createDirectories(directory(for: product))
        let current = path(product: product, series: series)
        if let previous = try? read(product: product, series: series) {
            let archived = versionPath(product: product, series: series, version: previous.metadata.version)
            if !FileManager.default.fileExists(atPath: archived) {
                try AtomicFile.write(Array(try Data(contentsOf: URL(fileURLWithPath: current))), to: archived)
            }
        }
        try AtomicFile.write(Safetensors.encode(model.file), to: current)
        try prune(product: product, series: series, current: model.metadata.version)
        return current
    }

    /// Versions of one series kept on disk (not counting the current one), oldest first.
    public func keptVersionNumbers(product: String, series: SeriesKind) -> [Int] {
        let prefix = "\(series.rawValue).v", suffix = ".safetensors"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory(for: product))) ?? []
        return names.compactMap { name -> Int? in
            guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { return nil }
            return Int(name.dropFirst(prefix.count).dropLast(suffix.count))
        }.sorted()
    }

    private func prune(product: String, series: SeriesKind, current: Int) throws {
        let older = keptVersionNumbers(product: product, series: series).filter { $0 != current }
        for version in older.dropLast(keptVersions) {
            try? FileManager.default.removeItem(atPath: versionPath(product: product, series: series, version: version))
        }
    }
}
