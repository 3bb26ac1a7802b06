import Crypto
import Forecasting
import Foundation
import GRDB
import Neural
import StockcastCore
import Testing

/// What must hold after every restart of the crash harness.
extension Harness {
    // MARK: Checks

    /// What holds at any instant, even just after a kill.
    func quickCheck(_ when: String) throws {
        // Every dropped file is somewhere, once: nothing lost, nothing copied.
        var found: [String: Int] = [:]
        for dir in [inbox, inbox + "/.work", inbox + "/archive", inbox + "/rejected"] {
            for name in Self.files(dir) { found[try Self.sha256(file: dir + "/" + name), default: 0] += 1 }
        }
        let dropped = Dictionary(drops.map { ($0.sha256, 1) }, uniquingKeysWith: +)
        if found != dropped {
            throw fail(
                "\(when): the files on disk are not the files dropped: \(found.count) contents found, \(dropped.count) dropped; "
                    + "missing \(dropped.filter { found[$0.key] != $0.value }.map { $0.key.prefix(8) })")
        }
        let ledger = try Ledger.read(models + "/stockcast.sqlite")
        var rows: [String: Int] = [:]
        for f in ledger.files { rows[f.name + " " + f.sha256, default: 0] += 1 }
        let expected = Dictionary(drops.map { ($0.name + " " + $0.sha256, 1) }, uniquingKeysWith: +)
        for (key, n) in rows where n > expected[key] ?? 0 {
            throw fail("\(when): \(n) ledger rows for \(key), \(expected[key] ?? 0) dropped")
        }
        for f in ledger.files where f.settled {
            let path = inbox + "/" + f.destination
            guard FileManager.default.fileExists(atPath: path), try Self.sha256(file: path) == f.sha256 else {
                throw fail("\(when): ledger row \(f.id) (\(f.name)) is settled but \(f.destination) does not hold its bytes")
            }
        }
        try checkModels(when)
        try checkOutbox(when, allowHidden: true)
    }

    /// Everything, once the daemon has settled.
    func fullCheck(_ when: String) throws {
        try quickCheck(when)
        guard Self.files(inbox).isEmpty, Self.files(inbox + "/.work").isEmpty else { throw fail("\(when): files left in the inbox") }
        let ledger = try Ledger.read(models + "/stockcast.sqlite")
        guard ledger.files.count == drops.count else {
            throw fail("\(when): \(ledger.files.count) ledger rows for \(drops.count) dropped files")
        }
        // Which content is good, and how often it was dropped.
        let good = Dictionary(drops.filter { !$0.isBad }.map { ($0.sha256, $0) }, uniquingKeysWith: { a, _ in a })
        for (sha, drop) in good {
            let statuses = ledger.files.filter { $0.sha256 == sha }.map(\.status).sorted()
            let copies = drops.filter { $0.sha256 == sha }.count
            guard statuses == ["accepted"] + Array(repeating: "duplicate", count: copies - 1) else {
                throw fail("\(when): \(drop.name) dropped \(copies)× has ledger statuses \(statuses)")
            }
        }
        for f in ledger.files {
            let bad = good[f.sha256] == nil
            guard f.settled, f.destination.hasPrefix(bad ? "rejected/" : "archive/"), (f.status == "rejected") == bad else {
                throw fail("\(when): ledger row \(f.id) \(f.name): \(f.status), \(f.destination), settled \(f.settled)")
            }
        }
        let archived = Self.files(inbox + "/archive").count, rejected = Self.files(inbox + "/rejected").count
        guard archived == drops.filter({ !$0.isBad }).count, rejected == drops.filter(\.isBad).count else {
            throw fail("\(when): \(archived) archived, \(rejected) rejected")
        }

        // The history: each accepted file applied once, in the ledger's order.
        var table: [String: [Int: (sales: Double, returns: Double)]] = [:]
        for f in ledger.files where f.status == "accepted" {
            for c in good[f.sha256]!.cells {
                var v = table[c.product, default: [:]][c.day.daysSince1970] ?? (0, 0)
                if let s = c.sales { v.sales = s }
                if let r = c.returns { v.returns = r }
                table[c.product, default: [:]][c.day.daysSince1970] = v
            }
        }
        var expected = "Date,Product_ID,Sales,Returns\n"
        for product in table.keys.sorted() {
            let days = table[product]!
            for d in days.keys.min()!...days.keys.max()! {
                let v = days[d] ?? (0, 0)
                expected += "\(Day(daysSince1970: d)),\(product),\(Int(v.sales)),\(Int(v.returns))\n"
            }
        }
        let history = try CommandLineTests.run(["history"], in: daemon)
        guard history.status == 0, history.output == expected else {
            let got = history.output.split(separator: "\n"), want = expected.split(separator: "\n")
            let first = (0..<min(got.count, want.count)).first { got[$0] != want[$0] } ?? min(got.count, want.count)
            throw fail(
                "\(when): the history is not each accepted file applied once: \(got.count) lines for \(want.count); "
                    + "first difference at line \(first + 1): \(got.dropFirst(first).first ?? "end") ≠ \(want.dropFirst(first).first ?? "end") \(history.errors)"
            )
        }

        let counts = Self.json(outbox + "/status.json")?["files"] as? [String: Int]
        let wanted = [
            "seen": drops.count, "accepted": good.count, "duplicate": drops.count - good.count - drops.filter(\.isBad).count,
            "rejected": drops.filter(\.isBad).count,
        ]
        guard counts == wanted else { throw fail("\(when): status.json counts \(counts ?? [:]), expected \(wanted)") }

        // Each rejection explained, and its alert raised (bad files have names of their own, so
        // nothing resolves their alerts).
        let active = Self.json(outbox + "/alerts/active.json")?["alerts"] as? [[String: Any]] ?? []
        let alerted = Set(
            active.compactMap { a -> String? in
                guard let labels = a["labels"] as? [String: String], labels["alertname"] == "FileRejected" else { return nil }
                return labels["file"]
            })
        for drop in drops where drop.isBad {
            guard Self.json(outbox + "/errors/\(drop.name).json") != nil else { throw fail("\(when): no errors/\(drop.name).json") }
            guard alerted.contains(drop.name) else {
                throw fail("\(when): no FileRejected alert for \(drop.name); active: \(alerted.sorted())")
            }
        }
        try checkOutbox(when, allowHidden: false)
    }

    /// Every model file decodes into a model; none was set aside as damaged.
    func checkModels(_ when: String) throws {
        for path in Self.walk(models) where path.hasSuffix(".safetensors") {
            let name = (path as NSString).lastPathComponent
            if name.hasPrefix(".") { continue }
            guard !name.contains("damaged") else { throw fail("\(when): a model was damaged: \(path)") }
            do {
                _ = try CrashSafetyTests.model(at: path)
            } catch {
                throw fail("\(when): model file \(path) does not read: \(error)")
            }
        }
    }

    /// Every outbox file is whole; hidden temporary files only where `allowHidden`.
    func checkOutbox(_ when: String, allowHidden: Bool) throws {
        for path in Self.walk(outbox) + Self.walk(models) {
            let name = (path as NSString).lastPathComponent
            if name.hasPrefix(".") {
                // The outbox's space reserve (Outbox.reserve) is meant to stay.
                if allowHidden || name.hasPrefix("stockcast.sqlite") || path == outbox + "/.reserve" { continue }
                // A temporary of a process still running is its write in progress (the live
                // daemon rewrites status.json); only a dead writer's is left behind.
                if let pid = Self.writer(ofTemporary: name), kill(pid, 0) == 0 { continue }
                throw fail("\(when): temporary file left behind: \(path)")
            }
            guard path.hasPrefix(outbox) else { continue }
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let text = String(decoding: data, as: UTF8.self)
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            switch (name as NSString).pathExtension {
            case "json":
                guard (try? JSONSerialization.jsonObject(with: data)) != nil else { throw fail("\(when): \(path) is not whole JSON") }
            case "csv":
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                guard text.hasSuffix("\n"), lines.count >= 2 else { throw fail("\(when): \(path) does not end with a whole line") }
                let columns = Self.fieldCount(lines[0])
                for (i, line) in lines.dropLast().enumerated() where Self.fieldCount(line) != columns {
                    throw fail("\(when): \(path) line \(i + 1) has \(Self.fieldCount(line)) fields, the header \(columns)")
                }
            case "svg":
                guard trimmed.hasSuffix("</svg>") else { throw fail("\(when): \(path) does not end with </svg>") }
            case "html":
                guard trimmed.hasSuffix("</html>") else { throw fail("\(when): \(path) does not end with </html>") }
            case "js":
                // The dashboard's data of a product: one call whose argument is whole JSON.
                guard let open = trimmed.range(of: "StockcastData.product("), trimmed.hasSuffix(");"),
                    (try? JSONSerialization.jsonObject(with: Data(trimmed[open.upperBound...].dropLast(2).utf8))) != nil
                else { throw fail("\(when): \(path) is not a whole data.js") }
            default:
                throw fail("\(when): unexpected outbox file \(path)")
            }
        }
    }

    /// The pid in a temporary's name (`.<name>.tmp-<pid>-<n>`), or nil.
    static func writer(ofTemporary name: String) -> pid_t? {
        guard let range = name.range(of: ".tmp-", options: .backwards) else { return nil }
        return name[range.upperBound...].split(separator: "-").first.flatMap { pid_t($0) }
    }
}
