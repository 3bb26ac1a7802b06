import Planning
import Reports
import StockcastCore
import Store
import Testing

@testable import Daemon

/// The alert stage on its own: rules in, one transition out.
@Suite struct AlertEvaluationTests {
    static let now = Timestamp(seconds: 1_000)

    @Test func aRejectionFiresOnceAndALaterAcceptedFileOfTheSameNameResolvesIt() {
        let first = AlertEvaluation.transition(
            active: [], reports: [:], products: [], fileNames: ["a.csv"],
            rejections: [FileRejection(key: "a.csv", name: "a.csv", message: "a.csv line 2: bad")], thresholds: AlertThresholds(), now: Self.now)
        #expect(first.started.map(\.name) == [.fileRejected] && first.active.map(\.subject) == ["a.csv"])
        let unrelated = AlertEvaluation.transition(
            active: first.active, reports: [:], products: [], fileNames: ["b.csv"],
            rejections: [], thresholds: AlertThresholds(), now: Self.now)
        #expect(unrelated.isEmpty && unrelated.active == first.active, "another file does not touch it")
        let fixed = AlertEvaluation.transition(
            active: first.active, reports: [:], products: [], fileNames: ["a.csv"],
            rejections: [], thresholds: AlertThresholds(), now: Self.now)
        #expect(fixed.resolved.map(\.alert.subject) == ["a.csv"] && fixed.active.isEmpty)
    }
}
