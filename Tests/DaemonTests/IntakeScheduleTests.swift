import StockcastCore
import Testing

@testable import Daemon

/// A clock a test moves by hand: seconds since the test began.
struct TestInstant: InstantProtocol {
    var offset: Duration
    func advanced(by duration: Duration) -> TestInstant { TestInstant(offset: offset + duration) }
    func duration(to other: TestInstant) -> Duration { other.offset - offset }
    static func < (a: TestInstant, b: TestInstant) -> Bool { a.offset < b.offset }
    static func at(_ seconds: Double) -> TestInstant { TestInstant(offset: .seconds(seconds)) }
}

/// The service loop's decisions, driven without an inbox, a store or a clock.
@Suite struct IntakeScheduleTests {
    typealias Schedule = IntakeSchedule<TestInstant>
    static let settle = Duration.seconds(1), rescan = Duration.seconds(30)

    static func file(_ name: String, size: Int = 10, modified: Int = 1) -> Schedule.Listed {
        Schedule.Listed(name: name, size: size, modified: modified)
    }

    static func next(_ s: inout Schedule, _ listing: [Schedule.Listed], at seconds: Double, storeHasWork: Bool = false) -> Schedule.Step {
        s.next(listing: listing, now: .at(seconds), settle: settle, rescan: rescan, storeHasWork: storeHasWork)
    }

    @Test func aFileWrittenInPlaceIsTakenOnceItHoldsStillForTheSettleTime() {
        var s = Schedule(once: false)
        #expect(Self.next(&s, [Self.file("a.csv")], at: 0) == .wait(until: .at(1)))
        #expect(Self.next(&s, [Self.file("a.csv", size: 20)], at: 0.5) == .wait(until: .at(1.5)), "it grew: the settle time starts again")
        #expect(Self.next(&s, [Self.file("a.csv", size: 20)], at: 1.0) == .wait(until: .at(1.5)))
        #expect(Self.next(&s, [Self.file("a.csv", size: 20)], at: 1.5) == .take(["a.csv"]))
        s.took("a.csv", recorded: true)
        #expect(Self.next(&s, [], at: 1.6) == .publish(recoverFirst: false), "a taken file is published when nothing is ready")
        s.published()
        #expect(Self.next(&s, [], at: 2) == .wait(until: .at(32)), "idle: the next look is a rescan interval away")
    }

    @Test func aRenamedFileIsTakenAtOnceAndAVanishedOneIsForgotten() {
        var s = Schedule(once: false)
        s.renamedIn("b.csv")
        #expect(Self.next(&s, [Self.file("b.csv")], at: 0) == .take(["b.csv"]))
        s.renamedIn("gone.csv")
        #expect(Self.next(&s, [], at: 1) == .wait(until: .at(31)))
        #expect(
            Self.next(&s, [Self.file("gone.csv")], at: 2) == .wait(until: .at(3)),
            "a later file of the same name settles like any other")
    }

    @Test func publicationWaitsForSettlingFilesAtMostTheMaximumDeferral() {
        var s = Schedule(once: false)
        s.renamedIn("a.csv")
        #expect(Self.next(&s, [Self.file("a.csv")], at: 0) == .take(["a.csv"]))
        s.took("a.csv", recorded: true)
        // Another file keeps growing: publication waits for it, but not forever.
        var t = 0.0, size = 1
        while t < 10 {
            #expect(Self.next(&s, [Self.file("slow.csv", size: size)], at: t) == .wait(until: .at(t + 1)))
            t += 0.5
            size += 1
        }
        #expect(Self.next(&s, [Self.file("slow.csv", size: size)], at: 10) == .publish(recoverFirst: false))
    }

    @Test func workLeftInTheStoreIsPublishedWithoutANewFile() {
        var s = Schedule(once: false)
        #expect(s.needsStoreCheck)
        #expect(Self.next(&s, [], at: 0, storeHasWork: true) == .publish(recoverFirst: false))
    }

    @Test func aFailedPublicationIsRetriedWithADoublingDelayCappedAtTheRescanInterval() {
        var s = Schedule(once: false)
        var delays: [Duration] = []
        var now = 0.0
        for _ in 0..<7 {
            #expect(Self.next(&s, [], at: now, storeHasWork: true) == .publish(recoverFirst: !delays.isEmpty))
            let delay = s.publicationFailed(at: .at(now), rescan: Self.rescan)
            delays.append(delay)
            #expect(
                Self.next(&s, [], at: now + 0.1, storeHasWork: true) == .wait(until: .at(now).advanced(by: delay)),
                "no busy loop: the next try waits")
            now += delay.seconds
        }
        #expect(delays == [1, 2, 4, 8, 16, 30, 30].map { Duration.seconds($0) })
        s.published()
        #expect(s.retryAt == nil && s.retryDelay == .seconds(1), "a success resets the delay")
    }

    @Test func onceTakesEveryListedFileAndFinishesWhenNothingIsLeft() {
        var s = Schedule(once: true)
        #expect(Self.next(&s, [Self.file("a.csv"), Self.file("b.csv")], at: 0) == .take(["a.csv", "b.csv"]))
        s.took("a.csv", recorded: true)
        s.took("b.csv", recorded: false)
        #expect(Self.next(&s, [], at: 0) == .publish(recoverFirst: false))
        s.published()
        #expect(Self.next(&s, [], at: 0) == .finish)
    }

    @Test func aFileThatCannotBeStoredBlocksLaterFilesAndIsRetriedWithBackoff() {
        var s = Schedule(once: false)
        s.renamedIn("a.csv")
        #expect(Self.next(&s, [Self.file("a.csv")], at: 0) == .take(["a.csv"]))
        #expect(s.intakeBlocked(at: .at(0), rescan: Self.rescan) == .seconds(1))
        s.renamedIn("b.csv")
        #expect(
            Self.next(&s, [Self.file("b.csv")], at: 0.5, storeHasWork: true) == .wait(until: .at(1)),
            "nothing is taken or published while a claimed file waits")
        #expect(Self.next(&s, [Self.file("b.csv")], at: 1) == .retryIntake)
        #expect(s.intakeBlocked(at: .at(1), rescan: Self.rescan) == .seconds(2), "the delay doubles")
        #expect(Self.next(&s, [Self.file("b.csv")], at: 3) == .retryIntake)
        s.intakeRecovered()
        #expect(Self.next(&s, [Self.file("b.csv")], at: 3) == .take(["b.csv"]), "then the later file")
    }
}
