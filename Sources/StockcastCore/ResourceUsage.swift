import Foundation

/// Figures about this process, for benchmarks and status reports.
package enum ResourceUsage {
    /// Peak resident set size in bytes (`VmHWM` from `/proc/self/status`), nil where unavailable.
    package static func peakResidentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first
            return kilobytes.map { $0 * 1024 }
        }
        return nil
    }

    /// Resets the peak resident set size to the current one (writes `5` to
    /// `/proc/self/clear_refs`, Linux 4.0 and later), so that a benchmark can measure one step;
    /// false where that is not possible.
    @discardableResult
    package static func resetPeakResident() -> Bool {
        let fd = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return write(fd, "5", 1) == 1
    }

    /// Processor cores available to this process.
    package static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }
}

extension Duration {
    /// The duration in seconds.
    package var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
