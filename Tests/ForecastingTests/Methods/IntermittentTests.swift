import Testing

@testable import Forecasting

/// The intermittent-demand methods against statsforecast 2.1.1 (CrostonSBA(), TSB(alpha_d=0.1,
/// alpha_p=0.2), ADIDA(), IMAPA() on the same 24 days) and against hand-computed values.
@Suite struct IntermittentTests {
    static let y: [Double] = [0, 3, 0, 0, 1, 0, 2, 0, 0, 0, 4, 0, 1, 0, 0, 2, 0, 0, 3, 0, 0, 0, 0, 1]

    @Test func sizesAndIntervalsAreStatsforecasts() {
        let (sizes, intervals) = IntermittentMethods.demands(Self.y)
        #expect(sizes == [3, 1, 2, 4, 1, 2, 3, 1])
        #expect(intervals == [2, 3, 2, 4, 2, 3, 3, 5], "the first counts from before day 0")
        #expect(IntermittentMethods.aggregationLevel(intervals) == 3, "mean 3")
        #expect(IntermittentMethods.aggregationLevel([2, 3]) == 2, "2.5 rounds half to even, as Python's round")
        #expect(IntermittentMethods.blockSums([1, 2, 3, 4, 5, 6, 7], 3) == [9, 18], "the oldest remainder is dropped")
    }

    /// ses([1, 3, 2], 0.5): s = 1; s = .5·1 + .5·1 = 1, e = 2; s = .5·3 + .5·1 = 2, e = 0;
    /// forecast .5·2 + .5·2 = 2; mse = 4 / 3.
    @Test func simpleExponentialSmoothingByHand() {
        let r = IntermittentMethods.ses([1, 3, 2], alpha: 0.5)
        #expect(r.forecast == 2 && abs(r.mse - 4.0 / 3) < 1e-12)
    }

    @Test func forecastsMatchStatsforecast() {
        #expect(abs(IntermittentMethods.crostonSBA(Self.y) - 0.8849254081577739) < 1e-12)
        #expect(abs(IntermittentMethods.tsb(Self.y, alphaD: 0.1, alphaP: 0.2) - 0.8314011411853406) < 1e-12)
        // ADIDA and IMAPA optimise α in [0.1, 0.3] numerically: equal to the optimiser's tolerance.
        #expect(abs(IntermittentMethods.adida(Self.y) - 0.7412857927454034) < 1e-4)
        #expect(abs(IntermittentMethods.imapa(Self.y) - 0.6557688110234131) < 1e-4)
    }

    @Test func tsbChoosesItsConstantsFromTheGridAndAnEmptyHistoryForecastsZero() {
        let fitted = IntermittentMethods.tsb(Self.y)
        #expect(IntermittentMethods.tsbGrid.contains(fitted.alphaD) && IntermittentMethods.tsbGrid.contains(fitted.alphaP))
        #expect(fitted.rate == IntermittentMethods.tsb(Self.y, alphaD: fitted.alphaD, alphaP: fitted.alphaP))
        let zeros = [Double](repeating: 0, count: 30)
        #expect(IntermittentMethods.crostonSBA(zeros) == 0 && IntermittentMethods.tsb(zeros).rate == 0)
        #expect(IntermittentMethods.adida(zeros) == 0 && IntermittentMethods.imapa(zeros) == 0)
        #expect(IntermittentMethods.crostonSBA([]) == 0)
    }

    /// ADI = days ÷ non-zero days; CV² = variance ÷ mean² of the non-zero values.
    @Test func syntetosBoylanClassesByTheirCutOffs() {
        let smooth = DemandClass.classify([Double](repeating: 5, count: 50))
        #expect(smooth.demandClass == .smooth && smooth.adi == 1 && smooth.cv2 == 0)
        let erratic = DemandClass.classify((0..<50).map { $0 % 2 == 0 ? 1 : 9 })
        #expect(erratic.demandClass == .erratic && abs(erratic.cv2! - 0.64) < 1e-12, "sizes 1 and 9: variance 16, mean 5")
        let intermittent = DemandClass.classify(Self.y)
        #expect(
            intermittent.demandClass == .intermittent && intermittent.adi == 3 && abs(intermittent.cv2! - 1.109375 / (2.125 * 2.125)) < 1e-12,
            "sizes mean 2.125, variance 1.109375")
        #expect(DemandClass.classify((0..<50).map { $0 % 4 == 0 ? ($0 % 8 == 0 ? 1 : 9) : 0 }).demandClass == .lumpy)
        #expect(DemandClass.classify([0, 0, 0]).demandClass == .none)
        #expect(DemandClass.intermittent.isIntermittent && DemandClass.lumpy.isIntermittent && !DemandClass.erratic.isIntermittent)
    }
}
