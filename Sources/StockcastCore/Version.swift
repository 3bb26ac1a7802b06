/// Stockcast's release, written into model files and status reports.
public enum StockcastVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
}
