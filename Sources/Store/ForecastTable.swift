import GRDB
import StockcastCore

/// A forecast made earlier and the actual value that later arrived for its day.
package struct ScoredDay: Sendable, Equatable {
    package var day: Day
    /// Units/day.
    package var forecast: Double
    package var actual: Double
    /// The last day of history the forecast knew.
    package var madeThrough: Day
}

/// A stored forecast of one series.
package struct StoredForecast: Sendable, Equatable {
    /// Its first day.
    package var start: Day
    /// Units/day, one per day from `start`.
    package var values: [Double]
    /// The sd of each day's error, units/day.
    package var sd: [Double]
    /// The name of the method that made it (the forecasting stage names them; empty for
    /// forecasts stored before methods were).
    package var method: String
    /// The calibrated prediction intervals of each day, units/day (lower 80 %, upper 80 %,
    /// lower 95 %, upper 95 %); nil when it has none.
    package var intervals: [[Double]]? = nil
    /// How the forecast can be recomputed (text the forecasting stage wrote); nil when none was stored.
    package var recipe: String? = nil
}

/// A forecast of one series to store: `values`, one per day from `start` (units/day) with the
/// sd of each day's error, made by `method` knowing the history through `madeThrough`.
package struct ForecastRecord: Sendable, Equatable {
    package var product: String
    package var series: SeriesKind
    package var start: Day
    package var values: [Double]
    package var sd: [Double]
    package var method: String
    package var madeThrough: Day
    /// The calibrated prediction intervals of each day, units/day (lower 80 %, upper 80 %,
    /// lower 95 %, upper 95 %; one per value), or nil.
    package var intervals: [[Double]]?
    /// How the forecast can be recomputed (text, stored as given), or nil.
    package var recipe: String?

    package init(
        product: String, series: SeriesKind, start: Day, values: [Double], sd: [Double], method: String, madeThrough: Day,
        intervals: [[Double]]? = nil, recipe: String? = nil
    ) {
        self.recipe = recipe
        self.product = product
        self.series = series
        self.start = start
        self.values = values
        self.sd = sd
        self.method = method
        self.madeThrough = madeThrough
        self.intervals = intervals.flatMap { rows in rows.count == values.count && rows.allSatisfy { $0.count == 4 } ? rows : nil }
    }
}

extension StockcastDatabase {
    /// Replaces the stored forecasts of the given series, in one transaction.
    package func saveForecasts(_ forecasts: [ForecastRecord]) throws(StoreError) {
        guard !forecasts.isEmpty else { return }
        try write("store the forecasts of \(forecasts.count) series") { db in
            let delete = try db.makeStatement(sql: "DELETE FROM forecast WHERE product = ? AND series = ?")
            let deleteRecipe = try db.makeStatement(sql: "DELETE FROM forecast_recipe WHERE product = ? AND series = ?")
            let insertRecipe = try db.makeStatement(sql: "INSERT INTO forecast_recipe (product, series, recipe) VALUES (?, ?, ?)")
            let insert = try db.makeStatement(
                sql: """
                    INSERT INTO forecast (product, series, day, value, sd, method, made_through, lo80, hi80, lo95, hi95)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for f in forecasts {
                try delete.execute(arguments: [f.product, f.series.rawValue])
                try deleteRecipe.execute(arguments: [f.product, f.series.rawValue])
                if let recipe = f.recipe { try insertRecipe.execute(arguments: [f.product, f.series.rawValue, recipe]) }
                for (i, v) in f.values.enumerated() {
                    let bounds = f.intervals?[i]
                    try insert.execute(arguments: [
                        f.product, f.series.rawValue, f.start.daysSince1970 + i, v, i < f.sd.count ? f.sd[i] : 0,
                        f.method, f.madeThrough.daysSince1970,
                        bounds?[0], bounds?[1], bounds?[2], bounds?[3],
                    ])
                }
            }
        }
    }

    /// The stored forecast of a series.
    package func forecast(product: String, series: SeriesKind) throws(StoreError) -> StoredForecast? {
        try read("read the forecast of \(product)") { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT day, value, sd, method, lo80, hi80, lo95, hi95 FROM forecast WHERE product = ? AND series = ? ORDER BY day
                    """, arguments: [product, series.rawValue])
            guard let first = rows.first else { return nil }
            let bounds = rows.map { row -> [Double]? in
                let b = ["lo80", "hi80", "lo95", "hi95"].compactMap { row[$0] as Double? }
                return b.count == 4 ? b : nil
            }
            let recipe = try String.fetchOne(
                db, sql: "SELECT recipe FROM forecast_recipe WHERE product = ? AND series = ?", arguments: [product, series.rawValue])
            return StoredForecast(
                start: Day(daysSince1970: first["day"]), values: rows.map { $0["value"] as Double },
                sd: rows.map { $0["sd"] as Double }, method: first["method"],
                intervals: bounds.allSatisfy { $0 != nil } ? bounds.map { $0! } : nil, recipe: recipe)
        }
    }

    /// The latest `limit` scored days of a series, newest first.
    package func scoredDays(product: String, series: SeriesKind, limit: Int = 30) throws(StoreError) -> [ScoredDay] {
        try read("read the live accuracy of \(product)") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT day, forecast, actual, made_through FROM accuracy WHERE product = ? AND series = ? ORDER BY day DESC LIMIT ?
                    """, arguments: [product, series.rawValue, limit]
            ).map {
                ScoredDay(
                    day: Day(daysSince1970: $0["day"]), forecast: $0["forecast"], actual: $0["actual"],
                    madeThrough: Day(daysSince1970: $0["made_through"]))
            }
        }
    }

    /// How many days of a series have been scored.
    package func scoredDayCount(product: String, series: SeriesKind) throws(StoreError) -> Int {
        try read("count scored days") { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM accuracy WHERE product = ? AND series = ?",
                arguments: [product, series.rawValue]) ?? 0
        }
    }
}
