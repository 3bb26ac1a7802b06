import Foundation

/// Figures about this process, for benchmarks and status reports.
public enum ResourceUsage {
    /// Peak resident set size in bytes (`VmHWM` from `/proc/self/status`), nil where unavailable.
    public static func peakResidentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first
            return kilobytes.map { $0 * 1024 }
        }
        return nil
    }

    /// Processor cores available to this process.
    public static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }
}

extension Duration {
    /// The duration in seconds.
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
