import Foundation
import StockcastCore

/// The model files under `models/`: `<product>/sales.safetensors` and `returns.safetensors`,
/// plus the previous versions `<series>.v<N>.safetensors` (the last `keptVersions`).
///
/// Storage only: a model is bytes here. What the bytes mean (and which version a file holds) is
/// the caller's to say, through the `identify` function `write` takes. The product id names a
/// directory only through `SafeFileName`, so no id can reach outside the root. Files are written
/// atomically: a reader sees the old model or the new one.
package struct ModelDirectory: Sendable {
    /// The `models/` directory.
    package let root: String
    /// Previous versions kept next to the current model, for rollback.
    package let keptVersions: Int

    /// The model files under `root` (which must not be empty), keeping `keptVersions` (≥ 0)
    /// previous versions of each series.
    package init(root: String, keptVersions: Int = 3) {
        precondition(!root.isEmpty, "the models directory must be named")
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        self.keptVersions = max(0, keptVersions)
    }

    /// The directory of one product's models.
    package func directory(for product: String) -> String {
        root + "/" + SafeFileName.encode(product)
    }

    /// The current model file of one series.
    package func path(product: String, series: SeriesKind) -> String {
        directory(for: product) + "/\(series.rawValue).safetensors"
    }

    /// The file of an earlier version of one series.
    package func versionPath(product: String, series: SeriesKind, version: Int) -> String {
        directory(for: product) + "/\(series.rawValue).v\(version).safetensors"
    }

    private func damagedPath(product: String, series: SeriesKind, number: Int) -> String {
        directory(for: product) + "/\(series.rawValue).damaged-\(number).safetensors"
    }

    /// The bytes of the current model file of one series; nil if there is none.
    /// - Throws: `StoredFileError` when the file exists but cannot be read.
    package func read(product: String, series: SeriesKind) throws(StoredFileError) -> [UInt8]? {
        try bytes(at: path(product: product, series: series))
    }

    /// The bytes of the file at `path`; nil if there is none.
    private func bytes(at path: String) throws(StoredFileError) -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoredFileError(file: path, problem: "cannot be read (missing or not permitted)")
        }
        return [UInt8](data)
    }

    /// What `write` did.
    package struct Written: Sendable {
        /// The path of the new current model.
        package var path: String
        /// Where an unreadable model that was current before has been moved (nil if none was).
        package var damagedKeptAt: String?
        /// Why that model could not be read.
        package var damage: (any Error)?
    }

    /// Makes `bytes`, version `version` of one series' model, the current file. The file it
    /// replaces stays available as `<series>.v<N>.safetensors`, where `identify` reads N from its
    /// bytes; versions beyond the last `keptVersions` are removed. A current file that cannot be
    /// read, or that `identify` refuses, is not lost: it is moved to
    /// `<series>.damaged-<n>.safetensors` and reported in the result.
    @discardableResult
    package func write(
        _ bytes: [UInt8], product: String, series: SeriesKind, version: Int,
        identify: (_ bytes: [UInt8], _ path: String) throws -> Int
    ) throws -> Written {
        try AtomicFile.createDirectories(directory(for: product))
        let current = path(product: product, series: series)
        var written = Written(path: current)
        // The current file, read once: identified, and archived as it is.
        var previous: (version: Int, bytes: [UInt8])?
        do {
            if let data = FileManager.default.contents(atPath: current) {
                let old = [UInt8](data)
                previous = (try identify(old, current), old)
            } else if FileManager.default.fileExists(atPath: current) {
                throw StoredFileError(file: current, problem: "cannot be read (missing or not permitted)")
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
            let archived = versionPath(product: product, series: series, version: previous.version)
            // A second name for the current file (its bytes are already on disk, and the rename
            // below replaces only the current name); a copy where hard links are not supported.
            if !FileManager.default.fileExists(atPath: archived), link(current, archived) != 0 {
                try AtomicFile.write(previous.bytes, to: archived)
            }
        }
        try AtomicFile.write(bytes, to: current)
        try prune(product: product, series: series, current: version)
        return written
    }

    /// The file of the shared base model of one series kind (`BaseModel`): `.base/<series>.safetensors`,
    /// in a hidden directory that no product id's encoding names.
    package func basePath(series: SeriesKind) -> String {
        root + "/.base/\(series.rawValue).safetensors"
    }

    /// The bytes of the base model of one series kind; nil if there is none.
    /// - Throws: `StoredFileError` when the file exists but cannot be read.
    package func readBase(series: SeriesKind) throws(StoredFileError) -> [UInt8]? {
        try bytes(at: basePath(series: series))
    }

    /// Makes `bytes` the base model of one series kind, atomically (the one it replaces is not kept:
    /// each model tuned from it holds its own weights).
    package func writeBase(_ bytes: [UInt8], series: SeriesKind) throws {
        try AtomicFile.createDirectories(root + "/.base")
        try AtomicFile.write(bytes, to: basePath(series: series))
    }

    /// Versions of one series kept on disk (not counting the current one), oldest first.
    package func keptVersionNumbers(product: String, series: SeriesKind) -> [Int] {
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

/// A stored file that exists but cannot be read.
package struct StoredFileError: Error, CustomStringConvertible, Equatable {
    /// Its path.
    package var file: String
    /// What is wrong, in words.
    package var problem: String

    package init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }

    package var description: String { "\(file): \(problem)" }
}
