/// Days without data: a day no file covered is unknown, not a day without sales, so the lines
/// break there (`pathData` skips non-finite values) and the days are shaded.
extension Chart {
    static let gapColor = "#9ca3af", gapOpacity = 0.22

    /// Runs of consecutive gap days within the date axis, as (first day, last day) chart days.
    var gapRuns: [(first: Int, last: Int)] {
        var runs: [(first: Int, last: Int)] = []
        for day in Set(gaps).sorted() where day >= 0 && day < days {
            if let last = runs.last, last.last == day - 1 {
                runs[runs.count - 1].last = day
            } else {
                runs.append((day, day))
            }
        }
        return runs
    }

    /// One shaded rectangle per run of gap days, half a day either side of them, clipped to the plot.
    func gapShading(_ l: Layout) -> String {
        let c = Markup.coordinate
        var out = ""
        for run in gapRuns {
            let x0 = max(l.left, l.x(Double(run.first) - 0.5)), x1 = min(l.right, l.x(Double(run.last) + 0.5))
            out +=
                "<rect class=\"gap\" x=\"\(c(x0))\" y=\"\(c(l.top))\" width=\"\(c(max(0, x1 - x0)))\" height=\"\(c(l.bottom - l.top))\" fill=\"\(Self.gapColor)\" fill-opacity=\"\(Self.gapOpacity)\"/>\n"
        }
        return out
    }
}
