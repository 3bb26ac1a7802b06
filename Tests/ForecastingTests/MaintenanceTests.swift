import Neural
import StockcastCore
import StockcastTesting
import Testing

@testable import Forecasting

@Suite struct MaintenanceTests {
    @Test func seasonalNaiveRepeatsTheLastWeek() {
        let history = (1...10).map(Double.init)
        #expect(SeasonalNaive.forecast(history: history, horizon: 9) == [4, 5, 6, 7, 8, 9, 10, 4, 5])
        #expect(SeasonalNaive.forecast(history: [2, 4], horizon: 2) == [3, 3], "under a week: the mean")
        #expect(SeasonalNaive.forecast(history: [], horizon: 2) == [0, 0])
    }

    @Test func lstmForecastsWholeBlocksAndFeedsThemBackForLongerHorizons() throws {
        let h = history(days: 70)
        let model = try InitialTraining.train(
            TrainingJob(product: "P", series: .sales, start: h.start, values: h.sales),
            configuration: ModelConfiguration.tiny(epochs: 3)
        ).model
        let p = try #require(SeriesForecast.lstm(model, history: h.sales, start: h.start, horizon: 20))
        #expect(p.values.count == 20 && p.sd.count == 20)
        #expect(p.values.allSatisfy { $0 >= 0 && $0.isFinite })
        // The first 7 days are one pass over the last 10 days, scaled by the 14-day level and
        // the weekday profile of the 70 days there are.
        let encoding = SeriesEncoding(length: 10, outputDays: 7, levelDays: 14, weekdayDays: 364)
        let (window, scale) = encoding.latestWindow(h.sales, start: h.start)
        let level: Double = h.sales.suffix(14).reduce(0, +) / 14
        #expect(abs(scale.level - level) < 1e-9)
        let out = model.network().predict(window)
        for d in 0..<7 {
            let day = h.start.advanced(by: 70 + d)
            let expected: Double = max(0, level * (scale.weekday[day.weekday - 1] + Double(out[d])))
            #expect(abs(p.values[d] - expected) < 1e-9)
        }
        // Days 8–14 come from the window that ends with the first block.
        let extended = h.sales + Array(p.values.prefix(7))
        let second = try #require(SeriesForecast.lstm(model, history: extended, start: h.start, horizon: 7))
        #expect(zip(second.values, p.values[7..<14]).allSatisfy { abs($0 - $1) < 1e-9 })
        // Error sd: the model's relative sd times the block's level, √2 wider in the second block.
        #expect(abs(p.sd[0] - model.metadata.errorSD[0] * level) < 1e-9)
        let secondLevel = encoding.level(extended, end: 77)
        #expect(abs(p.sd[7] - model.metadata.errorSD[0] * secondLevel * 2.0.squareRoot()) < 1e-9)
        #expect(SeriesForecast.lstm(model, history: Array(h.sales.prefix(5)), start: h.start, horizon: 3) == nil, "needs a full window")
    }

    static func fineTuning() -> FineTuneConfiguration {
        var f = FineTuneConfiguration()
        f.epochs = 2
        f.recentDays = 20
        f.replayWindows = 8
        f.validationDays = 7
        return f
    }

    @Test func maintenanceTrainsFallsBackFineTunesAndRetrainsAsThePolicySays() throws {
        let config = ModelConfiguration.tiny(epochs: 2), tuning = Self.fineTuning()
        let h = history(days: 100)
        func job(_ days: Int, values: [Double]? = nil) -> TrainingJob {
            TrainingJob(product: "P", series: .sales, start: h.start, values: values ?? Array(h.sales.prefix(days)))
        }

        let short = try ModelMaintenance.update(job(39), current: nil, configuration: config, fineTuning: tuning)
        #expect(short.model == nil && short.source == .seasonalMean && !short.isNew, "too short to choose on: the seasonal mean")
        #expect(short.decision == .baseline(method: .seasonalMean, days: 39, needed: 50))
        #expect(short.decision.description == "seasonal_mean: 39 days of history, 50 needed for an LSTM")
        let tiny = try ModelMaintenance.update(job(20), current: nil, configuration: config, fineTuning: tuning)
        #expect(tiny.source == .seasonalMean, "under four weeks too")

        let first = try ModelMaintenance.update(job(80), current: nil, configuration: config, fineTuning: tuning)
        let v1 = try #require(first.model)
        #expect(first.isNew && v1.metadata.version == 1 && first.decision.description.hasPrefix("initial training"))

        // Ten days behind, the first day of the series' slot, or 14 days behind: due.
        let slot = FineTuneSchedule.slot("P", .sales, interval: tuning.intervalDays)
        let inSlot = (80..<100).first { (h.start.advanced(by: $0 - 1).daysSince1970 % 7) == slot && $0 - 80 >= 7 }!
        #expect(FineTuneSchedule.of(v1, job: job(inSlot), configuration: tuning).isDue)
        #expect(FineTuneSchedule.of(v1, job: job(94), configuration: tuning).isDue, "twice the interval behind")
        let tuned = try ModelMaintenance.update(job(90), current: v1, configuration: config, fineTuning: tuning)
        #expect(
            tuned.decision.description.hasPrefix("fine-tuned v1 → v2, accepted") || tuned.decision.description.hasPrefix("fine-tune rejected, kept v1")
                || tuned.decision.description.hasPrefix("kept v1: 10 days behind"))
        if tuned.isNew {
            #expect(tuned.model?.metadata.version == 2 && tuned.model?.metadata.parentVersion == 1)
            #expect(tuned.model?.metadata.trainedThrough == h.start.advanced(by: 89))
            #expect(tuned.model?.metadata.scalerMax == v1.metadata.scalerMax, "fine-tuning keeps the scaling")
        } else {
            #expect(tuned.model?.tensors == v1.tensors)
        }

        var spiked = Array(h.sales.prefix(90))
        spiked[89] = v1.metadata.scalerMax[0] * 3
        let retrained = try ModelMaintenance.update(job(90, values: spiked), current: v1, configuration: config, fineTuning: tuning)
        #expect(retrained.decision.description.hasPrefix("full retrain"))
        guard case .trained(.outOfRange, version: 2, _, _, _, _) = retrained.decision else {
            Issue.record("a value outside the trained range retrains: \(retrained.decision)")
            return
        }
        #expect(retrained.model?.metadata.version == 2 && retrained.model?.metadata.scalerMax == [spiked[89]])

        let forced = try ModelMaintenance.update(job(90), current: v1, forceFull: true, configuration: config, fineTuning: tuning)
        #expect(forced.decision.description.hasPrefix("full retrain requested") && forced.model?.metadata.parentVersion == 1)
    }

    @Test func aFineTuneIsAcceptedOnlyWhenNotWorseAndIsReproducible() throws {
        let h = history(days: 100)
        let v1 = try InitialTraining.train(
            TrainingJob(product: "P", series: .returns, start: h.start, values: Array(h.returns.prefix(85))),
            configuration: ModelConfiguration.tiny(epochs: 2)
        ).model
        let job = TrainingJob(product: "P", series: .returns, start: h.start, values: h.returns)
        let a = try FineTuning.tune(v1, job: job, configuration: Self.fineTuning())
        let b = try FineTuning.tune(v1, job: job, configuration: Self.fineTuning())
        #expect(a.candidate.tensors == b.candidate.tensors)
        #expect(a.accepted == (a.candidateMAE <= a.currentMAE))
        #expect(a.candidate.metadata.version == 2)
    }
}

@Suite struct FineTuneScheduleTests {
    /// A model two days behind whose new days it forecast well is left alone; the same days
    /// far outside its band make a fine-tune due at once; an interval of 1 tunes every day; and
    /// a catalogue's slots spread over the week.
    @Test func aModelIsTunedOnItsSlotOrWhenTheNewDaysDriftOutOfItsBand() throws {
        let h = history(days: 100)
        let v1 = try InitialTraining.train(
            TrainingJob(product: "P", series: .sales, start: h.start, values: Array(h.sales.prefix(85))),
            configuration: ModelConfiguration.tiny(epochs: 2)
        ).model
        var tuning = FineTuneConfiguration()
        let trainedThrough = Array(h.sales.prefix(85))
        let forecast = try #require(SeriesForecast.lstm(v1, history: trainedThrough, start: h.start, horizon: 4))
        let calm = TrainingJob(product: "P", series: .sales, start: h.start, values: trainedThrough + forecast.values)
        let quiet = FineTuneSchedule.of(v1, job: calm, configuration: tuning)
        #expect(!quiet.isDue && quiet.daysBehind == 4 && quiet.outside == 0 && quiet.checked == 4)
        let shifted = forecast.values.enumerated().map { $1 + 10 * forecast.sd[$0] + 50 }
        let drifted = FineTuneSchedule.of(
            v1, job: TrainingJob(product: "P", series: .sales, start: h.start, values: trainedThrough + shifted), configuration: tuning)
        #expect(drifted.isDue && drifted.outside == 4)
        let kept = try ModelMaintenance.update(calm, current: v1, configuration: ModelConfiguration.tiny(epochs: 2), fineTuning: tuning)
        #expect(!kept.isNew && kept.decision == .fineTuneNotDue(version: 1, daysBehind: 4, intervalDays: 7, outside: 0, checked: 4))
        #expect(kept.decision.description == "kept v1: 4 days behind its history (fine-tuned every 7 days), 0 of 4 new days outside its 95 % band")
        tuning.intervalDays = 1
        #expect(FineTuneSchedule.of(v1, job: calm, configuration: tuning).isDue)
        #expect(
            !FineTuneSchedule.of(v1, job: TrainingJob(product: "P", series: .sales, start: h.start, values: trainedThrough), configuration: tuning).isDue,
            "nothing new")

        var perSlot = [Int](repeating: 0, count: 7)
        for i in 0..<700 { perSlot[FineTuneSchedule.slot("P\(i)", i % 2 == 0 ? .sales : .returns, interval: 7)] += 1 }
        #expect(perSlot.allSatisfy { (70...130).contains($0) }, "\(perSlot)")
    }
}

@Suite struct WeekdayProfileTests {
    @Test func aWeeklyPatternThatMovesIsFollowedFromTheRecentWeeks() throws {
        // 20 units a day; the quiet day (2 units) is Saturday for 150 days, then Thursday.
        let start = Day(iso: "2024-01-01")!
        let values = (0..<220).map { d -> Double in
            let weekday = start.advanced(by: d).weekday
            return weekday == (d < 150 ? 6 : 4) ? 2 : 20
        }
        var config = ModelConfiguration.tiny(epochs: 2)
        config.weekdayDays = 56
        let model = try InitialTraining.train(
            TrainingJob(product: "P", series: .sales, start: start, values: values),
            configuration: config
        ).model
        let p = try #require(SeriesForecast.lstm(model, history: values, start: start, horizon: 7))
        let quietest = p.values.indices.min { p.values[$0] < p.values[$1] }!
        #expect(start.advanced(by: 220 + quietest).weekday == 4, "Thursday, as in the last eight weeks: \(p.values)")
    }
}
