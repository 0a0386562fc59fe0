/// A colour map from [0, 1] to colours, by linear interpolation between anchors at increasing
/// positions (the first at 0, the last at 1).
public struct ColorMap: Hashable, Sendable {
    public let name: String
    public let positions: [Double]
    public let anchors: [RGBColor]

    public init(name: String, positions: [Double], anchors: [RGBColor]) {
        precondition(anchors.count >= 2 && positions.count == anchors.count, "a colour map needs >= 2 anchors, one position each")
        self.name = name
        self.positions = positions
        self.anchors = anchors
    }

    /// The colour at t (clamped to [0, 1]).
    public func color(at t: Double) -> RGBColor {
        let t = t.isNaN ? 0 : min(max(t, 0), 1)
        var i = 0
        while i < positions.count - 2 && positions[i + 1] < t { i += 1 }
        let span = positions[i + 1] - positions[i]
        return anchors[i].mix(anchors[i + 1], span > 0 ? (t - positions[i]) / span : 0)
    }

    /// viridis (van der Walt, Smith and Firing for matplotlib; CC0): perceptually uniform,
    /// readable in grey and by colour-blind readers. Entries 0, 16, ..., 240 and 255 of its
    /// 256-entry table; interpolating between them stays within one 8-bit step of the table.
    public static let viridis = ColorMap(name: "viridis", positions: (0...15).map { Double($0 * 16) / 255 } + [1], anchors: [
        RGBColor(0.267004, 0.004874, 0.329415), RGBColor(0.282327, 0.094955, 0.417331),
        RGBColor(0.278826, 0.175490, 0.483397), RGBColor(0.258965, 0.251537, 0.524736),
        RGBColor(0.229739, 0.322361, 0.545706), RGBColor(0.199430, 0.387607, 0.554642),
        RGBColor(0.172719, 0.448791, 0.557885), RGBColor(0.149039, 0.508051, 0.557250),
        RGBColor(0.127568, 0.566949, 0.550556), RGBColor(0.120638, 0.625828, 0.533488),
        RGBColor(0.157851, 0.683765, 0.501686), RGBColor(0.246070, 0.738910, 0.452024),
        RGBColor(0.369214, 0.788888, 0.382914), RGBColor(0.515992, 0.831158, 0.294279),
        RGBColor(0.678489, 0.863742, 0.189503), RGBColor(0.845561, 0.887322, 0.099702),
        RGBColor(0.993248, 0.906157, 0.143936),
    ])
}
