/// Scales values linearly so that the fitted minimum maps to 0 and the maximum to 1
/// (scikit-learn's `MinMaxScaler`; a constant series maps to 0).
package struct MinMaxScaler: Sendable, Equatable {
    /// Smallest fitted value, in units.
    package var minimum: Double
    /// Largest fitted value, in units.
    package var maximum: Double

    /// A scaler with this fitted range, in units.
    package init(minimum: Double, maximum: Double) {
        self.minimum = minimum
        self.maximum = maximum
    }

    /// The scaler fitted to `values` (which must not be empty).
    package init(fitting values: [Double]) {
        precondition(!values.isEmpty, "cannot fit a scaler to no values")
        self.init(minimum: values.min()!, maximum: values.max()!)
    }

    /// Units per scaled unit; 1 for a constant series.
    package var range: Double { maximum > minimum ? maximum - minimum : 1 }

    /// Units → scaled units.
    package func scale(_ value: Double) -> Double { (value - minimum) / range }

    /// Scaled units → units.
    package func unscale(_ value: Double) -> Double { value * range + minimum }
}
