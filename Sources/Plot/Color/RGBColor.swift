import Foundation

/// An sRGB colour with components in [0, 1].
public struct RGBColor: Hashable, Sendable {
    public var red: Double
    public var green: Double
    public var blue: Double

    public init(_ red: Double, _ green: Double, _ blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// From "#rrggbb"; nil for any other spelling.
    public init?(hex: String) {
        let digits = hex.hasPrefix("#") ? hex.dropFirst() : Substring(hex)
        guard digits.count == 6, let v = Int(digits, radix: 16) else { return nil }
        self.init(Double((v >> 16) & 255) / 255, Double((v >> 8) & 255) / 255, Double(v & 255) / 255)
    }

    /// This colour mixed with white: `amount` 0 keeps it, 1 gives white. An opaque stand-in for
    /// a translucent fill over a white background (adjacent opaque cells show no seams).
    public func lightened(_ amount: Double) -> RGBColor {
        mix(RGBColor(1, 1, 1), amount)
    }

    /// "#rrggbb".
    public var hex: String {
        func byte(_ c: Double) -> String {
            let v = Int((min(max(c, 0), 1) * 255).rounded())
            let s = String(v, radix: 16)
            return s.count == 1 ? "0" + s : s
        }
        return "#" + byte(red) + byte(green) + byte(blue)
    }

    /// WCAG relative luminance, to pick black or white text on a cell.
    public var luminance: Double {
        func linear(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// Black or white, whichever reads better on this colour.
    public var textColor: String { luminance > 0.2 ? "#111111" : "#ffffff" }

    func mix(_ other: RGBColor, _ t: Double) -> RGBColor {
        RGBColor(red + (other.red - red) * t, green + (other.green - green) * t, blue + (other.blue - blue) * t)
    }
}
