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
    public let keptVersions: Int

    /// The model files under `root` (which must not be empty), keeping `keptVersions` (≥ 0)
    /// previous versions of each series.
    public init(root: String, keptVersions: Int = 3) {
        precondition(!root.isEmpty, "the models directory must be named")
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        self.keptVersions = max(0, keptVersions)
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

    private func damagedPath(product: String, series: SeriesKind, number: Int) -> String {
        directory(for: product) + "/\(series.rawValue).damaged-\(number).safetensors"
    }

    /// The current model of one series, nil if there is none; a damaged file is an error.
    public func read(product: String, series: SeriesKind) throws(ModelFileError) -> SeriesModel? {
        let path = path(product: product, series: series)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try SeriesModel(file: Safetensors.read(path: path), source: path)
    }

    /// What `write` did.
    public struct Written: Sendable {
        /// The path of the new current model.
        public var path: String
        /// Where an unreadable model that was current before has been moved (nil if none was).
        public var damagedKeptAt: String?
        /// Why that model could not be read.
        public var damage: ModelFileError?
    }

    /// Makes `model` the current one of its series. The model it replaces stays available as
    /// `<series>.v<version>.safetensors`; versions beyond the last `keptVersions` are removed.
    /// A current file that cannot be read is not lost: it is moved to
    /// `<series>.damaged-<n>.safetensors` and reported in the result.
    @discardableResult
    public func write(_ model: SeriesModel) throws -> Written {
        let product = model.metadata.product, series = model.metadata.series
        try AtomicFile.createDirectories(directory(for: product))
        let current = path(product: product, series: series)
        var written = Written(path: current)
        // The current file, read once: checked as `read` checks it, and archived as it is.
        var previous: (model: SeriesModel, bytes: [UInt8])?
        do throws(ModelFileError) {
            if let data = FileManager.default.contents(atPath: current) {
                let bytes = [UInt8](data)
                previous = (try SeriesModel(file: Safetensors.decode(bytes, source: current), source: current), bytes)
            } else if FileManager.default.fileExists(atPath: current) {
                throw ModelFileError(file: current, problem: "cannot be read (missing or not permitted)")
            }
        } catch {
            var n = 1
            while FileManager.default.fileExists(atPath: damagedPath(product: product, series: series, number: n)) { n += 1 }
            let kept = damagedPath(product: product, series: series, number: n)
            try FileManager.default.moveItem(atPath: current, toPath: kept)
            written.damagedKeptAt = kept
            written.damage = error
        }
        if let previous {
            let archived = versionPath(product: product, series: series, version: previous.model.metadata.version)
            // A second name for the current file (its bytes are already on disk, and the rename
            // below replaces only the current name); a copy where hard links are not supported.
            if !FileManager.default.fileExists(atPath: archived), link(current, archived) != 0 {
                try AtomicFile.write(previous.bytes, to: archived)
            }
        }
        try AtomicFile.write(Safetensors.encode(model.file), to: current)
        try prune(product: product, series: series, current: model.metadata.version)
        return written
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
