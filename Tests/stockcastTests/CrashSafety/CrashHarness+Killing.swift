import Foundation
import Testing

// Dropping a batch and killing the daemon at an aimed moment; where the kill landed.
extension Harness {
    /// Drops a batch of files and kills the daemon as `aim` says; returns where the kill landed.
    func dropAndKill(_ life: Life, cycle: Int, aim: Aim, fractionOfPhase: Bool) async throws -> Phase {
        let batch = makeBatch(cycle: cycle, bulk: aim == .parse || aim == .transaction || Int.random(in: 0..<6, using: &random) == 0)
        let bulkName = batch.first { $0.name.contains("bulk") }?.name
        let before = life.log.utf8.count
        let fraction = fractionOfPhase ? Double.random(in: 0..<0.9, using: &random) : 0
        let blindDelay = Double.random(in: 0..<2500, using: &random)
        for drop in batch {
            // Most are written elsewhere and renamed in (taken at once); some are written in place
            // (taken once they have held still for the settle time).
            if Int.random(in: 0..<4, using: &random) == 0 {
                try Data(drop.bytes).write(to: URL(fileURLWithPath: inbox + "/" + drop.name))
            } else {
                try Data(drop.bytes).write(to: URL(fileURLWithPath: root + "/staging/" + drop.name))
                guard rename(root + "/staging/" + drop.name, inbox + "/" + drop.name) == 0 else {
                    throw fail("cannot rename \(drop.name) into the inbox: errno \(errno)")
                }
            }
            drops.append(drop)
        }

        func waitFor(_ message: String, file: String? = nil) async -> Bool {
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline && life.process.isRunning {
                let log = life.log
                let fresh = log.utf8.count > before ? String(log.utf8.dropFirst(before))! : ""
                if fresh.split(separator: "\n").contains(where: { line in
                    let l = Harness.logfmt(line)
                    return l["msg"] == message && (file == nil || l["file"] == file)
                }) {
                    return true
                }
                try? await Task.sleep(for: .milliseconds(1))
            }
            return false
        }
        var delay: Double
        switch aim {
        case .parse:
            _ = await waitFor("reading file", file: bulkName)
            delay = fraction * parseMS
        case .transaction:
            _ = await waitFor("storing file", file: bulkName)
            delay = fraction * storeMS
        case .training:
            _ = await waitFor("training series")
            delay = fraction * trainMS
        case .publishing:
            _ = await waitFor("writing outbox")
            delay = fraction * outboxMS
        case .blind:
            delay = blindDelay
        }
        if delay >= 1 { try await Task.sleep(for: .microseconds(Int(delay * 1000))) }
        guard life.process.isRunning else { throw fail("the daemon exited by itself with \(life.process.terminationStatus)", life) }
        let status = life.stop(SIGKILL)
        guard status == SIGKILL else { throw fail("the daemon ended with \(status), not by the kill", life) }
        killCount += 1
        let phase = try phaseOfDeath(life)
        landed[phase, default: 0] += 1
        print(String(format: "crash harness: kill %d aimed at %@ + %.0f ms, landed in %@", killCount, aim.rawValue, delay, phase.rawValue))
        return phase
    }

    /// The phase the daemon died in: the last phase-opening line of its log (see the suite's comment).
    func phaseOfDeath(_ life: Life) throws -> Phase {
        var phase = Phase.between
        var workName: String?
        var seriesInPass = 0, maintained = 0
        for line in life.lines {
            if line["level"] == "error" { errorLines.append(line["msg"] ?? "") }
            switch line["msg"] {
            case "reading file": phase = .parse
            case "storing file":
                phase = .transaction
                workName = line["work_name"]
            case "training series":
                phase = .training
                seriesInPass = Int(line["series"] ?? "") ?? 0
                maintained = 0
            case "training progress": phase = .training
            case "series maintained":
                maintained += 1
                phase = maintained < seriesInPass ? .training : .forecast
            case "writing outbox": phase = .publishing
            case "file accepted", "file duplicate", "file rejected", "recovered file", "run published", "stockcast started":
                phase = .between
            default: break
            }
        }
        if phase == .transaction, let workName, try Ledger.read(models + "/stockcast.sqlite").files.contains(where: { $0.workName == workName }) {
            phase = .commitToMove
        }
        return phase
    }
}
