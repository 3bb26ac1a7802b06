/// Stockcast's release, written into model files and status reports.
package enum StockcastVersion {
    /// Semantic version of this build.
    package static let current = "0.1.0"
}
