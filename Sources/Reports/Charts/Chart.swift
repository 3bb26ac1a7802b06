import Foundation
import StockcastCore

/// A daily time-series chart: lines and interval bands over consecutive days, rendered as one
/// SVG 1.1 document. The three product charts and the dashboard's charts are all made by this
/// one type (`ProductCharts` says what goes in them).
struct Chart {
    enum Stroke: Equatable {
        case solid, dashed, dotted

        var dashArray: String? {
            switch self {
            case .solid: return nil
            case .dashed: return "7 4"
            case .dotted: return "1.5 3.5"
            }
        }
    }

    /// A line: `values[i]` is the value of day `start + i` of the chart (NaN leaves a gap).
    struct Series {
        var name: String
        var color: String
        var stroke: Stroke = .solid
        var width: Double = 2
        var start: Int
        var values: [Double]
        /// What the dashboard's script draws into the line (`data-draw`), e.g. `line:sales`.
        var source: String
    }

    /// A shaded interval between `lower[i]` and `upper[i]` on day `start + i`.
    struct Band {
        var name: String
        var color: String
        var opacity: Double
        var start: Int
        var lower: [Double]
        var upper: [Double]
        /// What the dashboard's script draws into the band (`data-draw`), e.g. `band:sales:80`.
        var source: String
    }

    /// A vertical rule before day `day` of the chart, labelled at the top of the plot.
    struct Marker {
        var day: Int
        var label: String
    }

    /// The dashboard's plan-horizon overlay: forecast days from `start + horizon` on are shaded
    /// as beyond the plan, and the page's script moves the overlay when the horizon changes.
    struct HorizonOverlay {
        /// The chart day of the first forecast day.
        var start: Int
        /// Plan days shown unshaded at first.
        var horizon: Int
    }

    /// The drawing's size in SVG units; the plot area follows from it and from the labels.
    struct Frame: Equatable {
        var width: Double
        var height: Double
        var titleSize: Double

        /// `products/<id>/*.svg`.
        static let file = Frame(width: 800, height: 400, titleSize: 17)
        /// The dashboard at laptop widths, two charts side by side (about 1 unit per pixel).
        static let wide = Frame(width: 600, height: 340, titleSize: 15)
        /// The dashboard at phone widths (about 1 unit per pixel at 360 px).
        static let compact = Frame(width: 360, height: 300, titleSize: 14)
    }

    var title: String
    /// The `<desc>`: what the chart shows, in a sentence or two.
    var description: String
    /// The first day on the date axis.
    var first: Day
    /// Days on the date axis.
    var days: Int
    var valueLabel: String
    var bands: [Band] = []
    var series: [Series] = []
    var markers: [Marker] = []
    /// Makes the value axis reach at least this high (units), e.g. for lines the page draws later.
    var minimumTop: Double = 0
    /// Other maxima the value axis may be redrawn for (units): the labels of their ticks fit left of
    /// the plot too, so that the dashboard's script can rescale the axis without moving the plot.
    var labelMaxima: [Double] = []
    /// Chart days no file covered (gaps in the history): shaded and named "No data" in the
    /// legend; the lines break there.
    var gaps: [Int] = []
    var overlay: HorizonOverlay? = nil
    var frame = Frame.file
    /// False for the dashboard: lines and bands are left empty, their `data-draw` attribute
    /// saying what the page's script draws into them from the embedded data.
    var drawsData = true

    static let font = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
    static let ink = "#1f2937", muted = "#4b5563", grid = "#e5e7eb", axis = "#9ca3af"

    /// Where everything goes, worked out once per drawing.
    struct Layout {
        var ticks: ValueTicks
        var legend: [[(x: Double, item: Int)]]
        var left: Double, right: Double, top: Double, bottom: Double
        var x: LinearScale, y: LinearScale
    }

    /// Legend items: bands first, then lines, in order, then the gaps' shading when there are gaps.
    private var legendNames: [String] { bands.map(\.name) + series.map(\.name) + (gaps.isEmpty ? [] : [Self.gapName]) }

    /// The legend's name of the gaps' shading.
    static let gapName = "No data"

    var layout: Layout {
        var top = minimumTop
        for s in series { for v in s.values where v.isFinite { top = max(top, v) } }
        for b in bands { for v in b.upper where v.isFinite { top = max(top, v) } }
        let ticks = ValueTicks(maximum: top)
        let widest = ([ticks] + labelMaxima.map { ValueTicks(maximum: $0) }).flatMap { t in t.values.map { t.label($0).count } }.max() ?? 1
        let left = 34 + 7 * Double(widest), right = frame.width - 16
        // Legend entries flow left to right and wrap to a new row at the right edge.
        var rows: [[(x: Double, item: Int)]] = [[]]
        var at = 16.0
        for (i, name) in legendNames.enumerated() {
            let width = 30 + Double(name.count) * 6.4
            if at + width > right, !rows[rows.count - 1].isEmpty {
                rows.append([])
                at = 16
            }
            rows[rows.count - 1].append((at, i))
            at += width + 16
        }
        let plotTop = 50 + 18 * Double(rows.count - 1) + 30, plotBottom = frame.height - 52
        return Layout(
            ticks: ticks, legend: rows, left: left, right: right, top: plotTop, bottom: plotBottom,
            x: LinearScale(domain: 0...Double(max(days - 1, 1)), range: left...right),
            y: LinearScale(domain: 0...ticks.top, range: plotTop...plotBottom, inverted: true))
    }

    /// The chart as a standalone SVG 1.1 document; `attributes` adds attributes to the root
    /// element (the dashboard adds its data- attributes; files add none).
    func svg(attributes: [(String, String)] = []) -> String {
        let l = layout
        let c = Markup.coordinate
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 \(Int(frame.width)) \(Int(frame.height))\""
        out += " width=\"\(Int(frame.width))\" height=\"\(Int(frame.height))\" font-family=\"\(Self.font)\" font-size=\"12\""
        for (name, value) in attributes { out += " \(name)=\"\(Markup.escape(value))\"" }
        out += ">\n<title>\(Markup.escape(title))</title>\n<desc>\(Markup.escape(description))</desc>\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        out += "<text x=\"16\" y=\"26\" font-size=\"\(c(frame.titleSize))\" font-weight=\"600\" fill=\"\(Self.ink)\">\(Markup.escape(title))</text>\n"
        out += legend(l)

        // Value axis: grid lines and round-number labels.
        out += "<g class=\"value-axis\" fill=\"\(Self.muted)\" text-anchor=\"end\">\n"
        for v in l.ticks.values {
            let ty = c(l.y(v))
            out += "<line x1=\"\(c(l.left))\" x2=\"\(c(l.right))\" y1=\"\(ty)\" y2=\"\(ty)\" stroke=\"\(v == 0 ? Self.axis : Self.grid)\" stroke-width=\"1\"/>"
            out += "<text x=\"\(c(l.left - 6))\" y=\"\(ty)\" dy=\"4\">\(l.ticks.label(v))</text>\n"
        }
        out += "</g>\n"
        out +=
            "<text transform=\"translate(14 \(c((l.top + l.bottom) / 2))) rotate(-90)\" text-anchor=\"middle\" fill=\"\(Self.muted)\">\(Markup.escape(valueLabel))</text>\n"

        // Date axis: the densest ticks whose labels do not overlap.
        let last = first.advanced(by: max(days - 1, 0))
        let dates = DateTicks(first: first, last: last, pixelsPerDay: l.x.slope)
        out += "<g fill=\"\(Self.muted)\" text-anchor=\"middle\">\n"
        for day in dates.days {
            let tx = l.x(Double(first.distance(to: day)))
            out += "<line x1=\"\(c(tx))\" x2=\"\(c(tx))\" y1=\"\(c(l.bottom))\" y2=\"\(c(l.bottom + 5))\" stroke=\"\(Self.axis)\"/>"
            let anchor = tx + 28 > frame.width ? " text-anchor=\"end\"" : ""
            out += "<text x=\"\(c(tx))\" y=\"\(c(l.bottom + 19))\"\(anchor)>\(dates.label(day))</text>\n"
        }
        out += "</g>\n"
        let years = Set([first.components.year, last.components.year]).sorted().map(String.init).joined(separator: "–")
        out += "<text x=\"\(c((l.left + l.right) / 2))\" y=\"\(c(frame.height - 10))\" text-anchor=\"middle\" fill=\"\(Self.muted)\">Date (\(years))</text>\n"

        out += gapShading(l)
        for b in bands { out += band(b, l) }
        for m in markers {
            let mx = l.x(Double(m.day) - 0.5)
            out +=
                "<line x1=\"\(c(mx))\" x2=\"\(c(mx))\" y1=\"\(c(l.top - 20))\" y2=\"\(c(l.bottom))\" stroke=\"\(Self.muted)\" stroke-width=\"1\" stroke-dasharray=\"3 3\"/>"
            out +=
                "<text x=\"\(c(mx))\" y=\"\(c(l.top - 8))\"\(Self.labelPlacement(mx, right: l.right)) fill=\"\(Self.ink)\">\(Markup.escape(m.label)) ▸</text>\n"
        }
        for s in series { out += line(s, l) }
        if let o = overlay { out += horizonOverlay(o, l) }
        out += "</svg>\n"
        return out
    }

    /// Room a rule's label needs right of the rule (units); nearer the right edge it goes left.
    static let labelRoom = 96.0
    /// How far the horizon overlay reaches past the plot's right edge (units).
    static let overlayOverhang = 2.0

    /// A label beside a vertical rule at `x`: to its right, or to its left near the right edge.
    static func labelPlacement(_ x: Double, right: Double) -> String {
        x > right - labelRoom ? " dx=\"-5\" text-anchor=\"end\"" : " dx=\"5\""
    }

    /// `M x,y L x,y …` through the finite values, a new `M` after each gap. The dashboard's
    /// script builds the same strings (`StockcastPlan.path`).
    static func pathData(_ l: Layout, start: Int, values: [Double]) -> String {
        let c = Markup.coordinate
        var d = "", pen = false
        for (i, v) in values.enumerated() {
            guard v.isFinite else {
                pen = false
                continue
            }
            d += (pen ? "L" : "M") + c(l.x(Double(start + i))) + "," + c(l.y(v))
            pen = true
        }
        return d
    }

    /// The points of a band: the upper bounds forwards, then the lower bounds backwards (days
    /// where either is missing are left out).
    static func bandPoints(_ l: Layout, start: Int, lower: [Double], upper: [Double]) -> String {
        let c = Markup.coordinate
        let days = (0..<min(lower.count, upper.count)).filter { lower[$0].isFinite && upper[$0].isFinite }
        let points =
            days.map { c(l.x(Double(start + $0))) + "," + c(l.y(upper[$0])) }
            + days.reversed().map { c(l.x(Double(start + $0))) + "," + c(l.y(lower[$0])) }
        return points.joined(separator: " ")
    }

    // MARK: - Parts

    private func legend(_ l: Layout) -> String {
        let c = Markup.coordinate
        var out = "<g fill=\"\(Self.ink)\">\n"
        for (row, items) in l.legend.enumerated() {
            let y = 48 + 18 * Double(row)
            for (at, i) in items {
                if i == bands.count + series.count {
                    out += "<rect x=\"\(c(at))\" y=\"\(c(y - 9))\" width=\"22\" height=\"11\" fill=\"\(Self.gapColor)\" fill-opacity=\"\(Self.gapOpacity)\"/>"
                    out += "<text x=\"\(c(at + 28))\" y=\"\(c(y + 1))\">\(Self.gapName)</text>\n"
                } else if i < bands.count {
                    let b = bands[i]
                    out += "<rect x=\"\(c(at))\" y=\"\(c(y - 9))\" width=\"22\" height=\"11\" fill=\"\(b.color)\" fill-opacity=\"\(b.opacity)\"/>"
                    out += "<text x=\"\(c(at + 28))\" y=\"\(c(y + 1))\">\(Markup.escape(b.name))</text>\n"
                } else {
                    let s = series[i - bands.count]
                    let dash = s.stroke.dashArray.map { " stroke-dasharray=\"\($0)\"" } ?? ""
                    out +=
                        "<line x1=\"\(c(at))\" x2=\"\(c(at + 22))\" y1=\"\(c(y - 3))\" y2=\"\(c(y - 3))\" stroke=\"\(s.color)\" stroke-width=\"\(c(s.width + 0.5))\"\(dash)/>"
                    out += "<text x=\"\(c(at + 28))\" y=\"\(c(y + 1))\">\(Markup.escape(s.name))</text>\n"
                }
            }
        }
        return out + "</g>\n"
    }

    private func line(_ s: Series, _ l: Layout) -> String {
        let d = drawsData ? Self.pathData(l, start: s.start, values: s.values) : ""
        var out =
            "<path d=\"\(d)\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"\(Markup.coordinate(s.width))\" stroke-linejoin=\"round\" stroke-linecap=\"round\""
        if let dash = s.stroke.dashArray { out += " stroke-dasharray=\"\(dash)\"" }
        if !drawsData { out += " data-draw=\"\(s.source)\" data-from=\"\(s.start)\" data-name=\"\(Markup.escape(s.name))\"" }
        return out + "/>\n"
    }

    private func band(_ b: Band, _ l: Layout) -> String {
        let points = drawsData ? Self.bandPoints(l, start: b.start, lower: b.lower, upper: b.upper) : ""
        var out = "<polygon points=\"\(points)\" fill=\"\(b.color)\" fill-opacity=\"\(b.opacity)\" stroke=\"none\""
        if !drawsData { out += " data-draw=\"\(b.source)\" data-from=\"\(b.start)\" data-name=\"\(Markup.escape(b.name))\"" }
        return out + "/>\n"
    }

    private func horizonOverlay(_ o: HorizonOverlay, _ l: Layout) -> String {
        let c = Markup.coordinate
        let edge = l.x(Double(o.start + o.horizon) - 0.5)
        let right = l.right + Self.overlayOverhang
        return
            "<g class=\"beyond\"><rect x=\"\(c(edge))\" y=\"\(c(l.top - 4))\" width=\"\(c(max(0, right - edge)))\" height=\"\(c(l.bottom - l.top + 4))\" fill=\"#ffffff\" fill-opacity=\"0.55\"/>"
            + "<line x1=\"\(c(edge))\" x2=\"\(c(edge))\" y1=\"\(c(l.top - 4))\" y2=\"\(c(l.bottom))\" stroke=\"\(Self.ink)\" stroke-width=\"1.5\"/>"
            + "<text x=\"\(c(edge))\" y=\"\(c(l.top + 12))\"\(Self.labelPlacement(edge, right: l.right)) fill=\"\(Self.ink)\">Plan horizon</text></g>\n"
    }
}
