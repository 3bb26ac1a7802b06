import StockcastCore
import Testing

@Suite struct DayTests {
    @Test func isoDatesRoundTripAcrossCenturiesAndLeapDays() {
        var day = Day(iso: "1899-12-25")!
        for _ in 0..<60_000 {
            #expect(Day(iso: day.description) == day)
            day = day.advanced(by: 3)
        }
        #expect(Day(iso: "2024-02-29")!.advanced(by: 1).description == "2024-03-01")
        #expect(Day(iso: "2000-02-29") != nil)
        #expect(Day(iso: "1970-01-01")!.daysSince1970 == 0)
    }

    @Test(arguments: [
        "2023-02-29", "1900-02-29", "2023-04-31", "2023-13-01", "2023-00-10", "2023-1-01",
        "23-01-01", "2023/01/01", "2023-01-01x", "", "abcd-ef-gh",
    ])
    func impossibleOrMalformedDatesAreRejected(_ text: String) {
        #expect(Day(iso: text) == nil)
    }

    @Test func calendarFieldsAreRight() {
        let day = Day(iso: "2023-01-01")!
        #expect(day.weekday == 7, "2023-01-01 was a Sunday")
        #expect(Day(iso: "2024-12-30")!.weekday == 1)
        #expect(Day(iso: "2024-12-31")!.dayOfYear == 366)
        #expect(day.distance(to: Day(iso: "2024-12-30")!) == 729)
        #expect(Day(year: 2023, month: 6, day: 31) == nil)
    }
}
