import Foundation

/// Output for people: progress and diagnostics go to standard error, results to standard output.
enum Terminal {
    static func note(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func seconds(_ value: Double) -> String {
        value < 10
            ? String(format: "%.1f s", value)
            : (value < 120
                ? String(format: "%.0f s", value) : String(format: "%.0f min %02.0f s", (value / 60).rounded(.down), value.truncatingRemainder(dividingBy: 60)))
    }

    /// Columns padded to their widest cell; the first column left-aligned, the others right.
    static func table(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        let widths = first.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return c == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}

/// A failure the user can act on; printed without a stack of context, exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
