import SweepModel
import Plot
import ReLUCore

/// How an axis value (a `ConfigValue`) is spelled in tables, labels, tooltips and CSV cells:
/// numbers as a person would write them in a grid file (1e-3, 0.9, 4), names as they are.
public enum AxisText {
    public static func label(_ value: ConfigValue) -> String {
        switch value {
        case .int(let i): NumberFormat.axis(Double(i))
        case .double(let d): NumberFormat.axis(d)
        case .bool(let b): String(b)
        case .string(let s): s
        case .null: "default"
        }
    }
}
