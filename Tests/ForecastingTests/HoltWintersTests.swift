import Forecasting
import Testing

@Suite struct HoltWintersTests {
    /// y = [2, 4, 3, 5, 9, 4], season 3, α = 0.5, β = 0.25, γ = 0.75, by hand:
    /// level₀ = (2+4+3)/3 = 3; trend₀ = ((5+9+4)/3 − 3)/3 = 1; s = [−1, 1, 0] (by t mod 3).
    /// t=3, y=5: ŷ = 3+1−1 = 3, e = 2
    ///   l = .5(5+1) + .5(4) = 5; b = .25(5−3) + .75(1) = 1.25; s0 = .75(5−4) + .25(−1) = 0.5
    /// t=4, y=9: ŷ = 5+1.25+1 = 7.25, e = 1.75
    ///   l = .5(9−1) + .5(6.25) = 7.125; b = .25(2.125) + .75(1.25) = 1.46875
    ///   s1 = .75(9−6.25) + .25(1) = 2.3125
    /// t=5, y=4: ŷ = 7.125+1.46875+0 = 8.59375, e = −4.59375
    ///   l = .5(4−0) + .5(8.59375) = 6.296875; b = .25(−0.828125) + .75(1.46875) = 0.89453125
    ///   s2 = .75(4−8.59375) + .25(0) = −3.4453125
    /// sse = 4 + 3.0625 + 21.1025390625 = 28.1650390625 over 3 errors.
    /// Day 6 is 6 mod 3 = 0, so seasonal = [s0, s1, s2].
    @Test func runMatchesTheRecursionsByHand() throws {
        let hw = try #require(HoltWinters.run([2, 4, 3, 5, 9, 4], season: 3, alpha: 0.5, beta: 0.25, gamma: 0.75))
        #expect(abs(hw.level - 6.296875) < 1e-9)
        #expect(abs(hw.trend - 0.89453125) < 1e-9)
        #expect(zip(hw.seasonal, [0.5, 2.3125, -3.4453125]).allSatisfy { abs($0 - $1) < 1e-9 })
        #expect(abs(hw.sse - 28.1650390625) < 1e-9)
        #expect(abs(hw.residualSD - (28.1650390625 / 3).squareRoot()) < 1e-9)
        #expect(hw.season == 3 && hw.alpha == 0.5 && hw.beta == 0.25 && hw.gamma == 0.75)
        // level + h·trend + seasonal[(h − 1) % 3]
        let expected = [
            6.296875 + 0.89453125 + 0.5, 6.296875 + 2 * 0.89453125 + 2.3125,
            6.296875 + 3 * 0.89453125 - 3.4453125, 6.296875 + 4 * 0.89453125 + 0.5,
        ]
        #expect(zip(hw.forecast(horizon: 4), expected).allSatisfy { abs($0 - $1) < 1e-9 })
        #expect(hw.forecast(horizon: 0).isEmpty)
    }

    /// One more day, y = 7 at t=6 (weekday 0): ŷ = 6.296875+0.89453125+0.5 = 7.69140625,
    /// e = −0.69140625; l = .5(7−.5) + .5(7.19140625) = 6.845703125;
    /// b = .25(0.548828125) + .75(0.89453125) = 0.80810546875; s0 = .75(7−7.19140625) + .25(.5)
    /// = −0.0185546875. Day 7 is weekday 1, so seasonal = [s1, s2, s0].
    @Test func seasonalIsRotatedToTheDayAfterTheSeries() throws {
        let hw = try #require(HoltWinters.run([2, 4, 3, 5, 9, 4, 7], season: 3, alpha: 0.5, beta: 0.25, gamma: 0.75))
        #expect(abs(hw.level - 6.845703125) < 1e-9 && abs(hw.trend - 0.80810546875) < 1e-9)
        #expect(zip(hw.seasonal, [2.3125, -3.4453125, -0.0185546875]).allSatisfy { abs($0 - $1) < 1e-9 })
        #expect(abs(hw.sse - (28.1650390625 + 0.69140625 * 0.69140625)) < 1e-9)
        #expect(abs(hw.forecast(horizon: 1)[0] - (6.845703125 + 0.80810546875 + 2.3125)) < 1e-9)
    }

    @Test func fitRecoversANoiseFreeTrendAndWeek() throws {
        let week = [10.0, -5, 3, -8, 0, 6, -6]
        let truth = (0..<154).map { (t: Int) -> Double in 100 + 0.5 * Double(t) + week[t % 7] }
        let hw = try #require(HoltWinters.fit(Array(truth.prefix(140))))
        // The initial state is off (the first week's ramp sits in its seasonal terms) but the
        // errors die out geometrically; after 20 weeks what is left is far below 1e-3.
        let forecast = hw.forecast(horizon: 14)
        #expect(zip(forecast, truth.suffix(14)).allSatisfy { abs($0 - $1) < 1e-3 }, "\(forecast)")
    }

    @Test func fitBeatsTheSeasonalNaiveOnANoisySeries() throws {
        let week = [12.0, -6, 4, -9, 1, 7, -9]
        for seed: UInt64 in [1, 2, 3] {
            var g = XorShift(seed: seed)
            let series = (0..<210).map { (t: Int) -> Double in 80 + 0.1 * Double(t) + week[t % 7] + g.uniform(-8, 8) }
            let (history, actual) = (Array(series.prefix(182)), Array(series.suffix(28)))
            let hw = try #require(HoltWinters.fit(history))
            let ours = try #require(ForecastMetrics.mae(hw.forecast(horizon: 28), actual))
            let naive = try #require(ForecastMetrics.mae(SeasonalNaive.forecast(history: history, horizon: 28), actual))
            #expect(ours < naive, "seed \(seed): Holt–Winters \(ours), seasonal naive \(naive)")
        }
    }

    @Test func fitIsDeterministicAndNoWorseThanGivenParameters() throws {
        var g = XorShift(seed: 7)
        let series = (0..<120).map { (t: Int) -> Double in 50 + Double(t % 7) * 3 + g.uniform(-5, 5) }
        let hw = try #require(HoltWinters.fit(series))
        #expect(hw == HoltWinters.fit(series))
        #expect([hw.alpha, hw.beta, hw.gamma].allSatisfy { (0...1).contains($0) })
        for (a, b, c) in [(0.5, 0.1, 0.1), (0.2, 0, 0.3), (0.9, 0.3, 0.5), (0.05, 0.01, 0.05)] {
            let other = try #require(HoltWinters.run(series, season: 7, alpha: a, beta: b, gamma: c))
            #expect(hw.sse <= other.sse)
        }
    }

    @Test func tooShortNonFiniteOrOutOfRangeInputGivesNil() {
        #expect(HoltWinters.fit((0..<13).map(Double.init)) == nil, "needs two weeks")
        #expect(HoltWinters.fit((0..<14).map(Double.init)) != nil)
        #expect(HoltWinters.fit([1, 2, .nan, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]) == nil)
        #expect(HoltWinters.fit([1, 2, .infinity, 4, 5, 6], season: 3) == nil)
        #expect(HoltWinters.fit([1, 2, 3, 4], season: 0) == nil)
        #expect(HoltWinters.fit([]) == nil)
        #expect(HoltWinters.run([1, 2, 3, 4, 5, 6], season: 3, alpha: 1.5, beta: 0, gamma: 0) == nil)
        #expect(HoltWinters.run([1, 2, 3, 4, 5, 6], season: 3, alpha: 0.5, beta: .nan, gamma: 0) == nil)
    }
}

/// xorshift64: a tiny deterministic generator for test noise.
struct XorShift {
    var state: UInt64
    init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
    /// Uniform in [low, high).
    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * Double(next() >> 11) / Double(1 << 53)
    }
}
