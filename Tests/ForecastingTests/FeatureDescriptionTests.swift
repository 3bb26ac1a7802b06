import Testing

@testable import Forecasting

@Suite struct FeatureDescriptionTests {
    /// The metadata's `features`: members index, name, formula in that order, `/` as it is,
    /// quotes and backslashes escaped; read back by name.
    @Test func featuresAreWrittenInTheirOrderAndReadBackByName() {
        let text = FeatureDescription.json([
            FeatureDescription(index: 0, name: "value", formula: "(a - b) / c"),
            FeatureDescription(index: 1, name: "q\"\\", formula: "sin(2*pi*d/365.25)\n"),
        ])
        #expect(text == #"[{"index":0,"name":"value","formula":"(a - b) / c"},{"index":1,"name":"q\"\\","formula":"sin(2*pi*d/365.25)\n"}]"#)
        #expect(FeatureDescription.names(fromJSON: text) == ["value", "q\"\\"])
        #expect(FeatureDescription.names(fromJSON: #"[{"name":"sales"},{"name":"weekday"}]"#) == ["sales", "weekday"])
        #expect(FeatureDescription.names(fromJSON: #"[{"name":1}]"#) == nil && FeatureDescription.names(fromJSON: "{}") == nil)
    }
}
