import Forecasting
import Neural
import StockcastCore
import Store

/// The series models under `models/`, as the forecasting stage knows them: Store keeps their
/// bytes (`ModelDirectory`), this decodes and encodes them (safetensors with Stockcast's
/// metadata).
package struct ModelFiles: Sendable {
    /// Where the bytes live.
    package let directory: ModelDirectory

    package init(root: String, keptVersions: Int = 3) {
        directory = ModelDirectory(root: root, keptVersions: keptVersions)
    }

    /// The current model of one series, nil if there is none.
    /// - Throws: `ModelFileError` naming the file when it cannot be read or decoded.
    package func read(product: String, series: SeriesKind) throws(ModelFileError) -> SeriesModel? {
        let path = directory.path(product: product, series: series)
        guard let file = try Self.file(at: path, { () throws(StoredFileError) in try directory.read(product: product, series: series) }) else {
            return nil
        }
        return try SeriesModel(file: file, source: path)
    }

    /// The safetensors file `read` gives (nil: none), decoded; errors name `path`.
    private static func file(at path: String, _ read: () throws(StoredFileError) -> [UInt8]?) throws(ModelFileError) -> SafetensorsFile? {
        let bytes: [UInt8]?
        do {
            bytes = try read()
        } catch {
            throw ModelFileError(file: error.file, problem: error.problem)
        }
        return try bytes.map { bytes throws(ModelFileError) in try Safetensors.decode(bytes, source: path) }
    }

    /// What `write` did.
    package struct Written: Sendable {
        /// The path of the new current model.
        package var path: String
        /// Where an unreadable model that was current before has been moved (nil if none was).
        package var damagedKeptAt: String?
        /// Why that model could not be read.
        package var damage: ModelFileError?
    }

    /// Makes `model` the current one of its series; the one it replaces is kept as a version,
    /// an unreadable one set aside (see `ModelDirectory.write`).
    @discardableResult
    package func write(_ model: SeriesModel) throws -> Written {
        let written = try directory.write(
            Safetensors.encode(model.file), product: model.metadata.product,
            series: model.metadata.series, version: model.metadata.version
        ) { bytes, path in
            try SeriesModel(file: Safetensors.decode(bytes, source: path), source: path).metadata.version
        }
        let damage = written.damage.map { error -> ModelFileError in
            if let e = error as? ModelFileError { return e }
            if let e = error as? StoredFileError { return ModelFileError(file: e.file, problem: e.problem) }
            return ModelFileError(file: written.path, problem: "\(error)")
        }
        return Written(path: written.path, damagedKeptAt: written.damagedKeptAt, damage: damage)
    }

    /// The stored base model of one series kind, nil if there is none.
    /// - Throws: `ModelFileError` naming the file when it cannot be read or decoded, or holds the
    ///   base of the other kind.
    package func readBase(series: SeriesKind) throws(ModelFileError) -> BaseModel? {
        let path = directory.basePath(series: series)
        guard let file = try Self.file(at: path, { () throws(StoredFileError) in try directory.readBase(series: series) }) else { return nil }
        let base = try BaseModel(file: file, source: path)
        guard base.series == series else {
            throw ModelFileError(file: path, problem: "holds the \(base.series.rawValue) base, not the \(series.rawValue) one")
        }
        return base
    }

    /// Stores `base` as the base model of its kind.
    package func writeBase(_ base: BaseModel) throws {
        try directory.writeBase(Safetensors.encode(base.file), series: base.series)
    }

    /// Versions of one series kept on disk (not counting the current one), oldest first.
    package func keptVersionNumbers(product: String, series: SeriesKind) -> [Int] {
        directory.keptVersionNumbers(product: product, series: series)
    }

    /// The current model file of one series.
    package func path(product: String, series: SeriesKind) -> String { directory.path(product: product, series: series) }

    /// The directory of one product's models.
    package func directory(for product: String) -> String { directory.directory(for: product) }
}
