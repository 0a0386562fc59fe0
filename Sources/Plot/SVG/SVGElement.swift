import Foundation

/// A node of an SVG document. Attribute values and text are escaped when rendered, so labels
/// taken from data (axis values, csv: paths) cannot break the XML.
public struct SVGElement: Hashable, Sendable {
    public var name: String
    public var attributes: [(String, String)]
    public var children: [SVGElement]
    public var text: String?

    public init(_ name: String, _ attributes: [(String, String)] = [], children: [SVGElement] = [], text: String? = nil) {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    public static func == (a: SVGElement, b: SVGElement) -> Bool {
        a.name == b.name && a.attributes.elementsEqual(b.attributes, by: ==) && a.children == b.children && a.text == b.text
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        for (k, v) in attributes { hasher.combine(k); hasher.combine(v) }
        hasher.combine(children)
        hasher.combine(text)
    }

    /// The element as XML, indented by `depth`.
    public func render(depth: Int = 0) -> String {
        let pad = String(repeating: "  ", count: depth)
        var s = pad + "<" + name
        for (k, v) in attributes { s += " \(k)=\"\(XMLEscaping.escape(v))\"" }
        if children.isEmpty && text == nil { return s + "/>" }
        s += ">"
        if let text { s += XMLEscaping.escape(text) }
        if !children.isEmpty {
            s += "\n" + children.map { $0.render(depth: depth + 1) }.joined(separator: "\n") + "\n" + pad
        }
        return s + "</" + name + ">"
    }

    // Shorthands for the shapes plots use; coordinates are rounded to 0.01 px.

    public static func rect(x: Double, y: Double, width: Double, height: Double, fill: String,
                            stroke: String? = nil, cls: String? = nil, extra: [(String, String)] = []) -> SVGElement {
        var a: [(String, String)] = cls.map { [("class", $0)] } ?? []
        a += [("x", px(x)), ("y", px(y)), ("width", px(width)), ("height", px(height)), ("fill", fill)]
        if let stroke { a.append(("stroke", stroke)) }
        return SVGElement("rect", a + extra)
    }

    public static func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String = "#333",
                            width: Double = 1, dash: String? = nil) -> SVGElement {
        var a = [("x1", px(x1)), ("y1", px(y1)), ("x2", px(x2)), ("y2", px(y2)), ("stroke", stroke), ("stroke-width", px(width))]
        if let dash { a.append(("stroke-dasharray", dash)) }
        return SVGElement("line", a)
    }

    public enum Anchor: String, Sendable { case start, middle, end }

    public static func text(_ s: String, x: Double, y: Double, size: Double = 11, anchor: Anchor = .start,
                            fill: String = "#222", cls: String? = nil, weight: String? = nil, rotate: Double? = nil) -> SVGElement {
        var a: [(String, String)] = cls.map { [("class", $0)] } ?? []
        a += [("x", px(x)), ("y", px(y)), ("font-size", px(size)), ("text-anchor", anchor.rawValue), ("fill", fill)]
        if let weight { a.append(("font-weight", weight)) }
        if let rotate { a.append(("transform", "rotate(\(px(rotate)) \(px(x)) \(px(y)))")) }
        return SVGElement("text", a, text: s)
    }

    public static func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 1.5) -> SVGElement {
        SVGElement("polyline", [("points", points.map { "\(px($0.0)),\(px($0.1))" }.joined(separator: " ")),
                                ("fill", "none"), ("stroke", stroke), ("stroke-width", px(width))])
    }

    public static func polygon(_ points: [(Double, Double)], fill: String, opacity: Double) -> SVGElement {
        SVGElement("polygon", [("points", points.map { "\(px($0.0)),\(px($0.1))" }.joined(separator: " ")),
                               ("fill", fill), ("fill-opacity", px(opacity)), ("stroke", "none")])
    }

    public static func circle(x: Double, y: Double, r: Double, fill: String, cls: String? = nil) -> SVGElement {
        SVGElement("circle", (cls.map { [("class", $0)] } ?? []) + [("cx", px(x)), ("cy", px(y)), ("r", px(r)), ("fill", fill)])
    }

    public static func group(_ children: [SVGElement], cls: String? = nil, transform: String? = nil) -> SVGElement {
        var a: [(String, String)] = cls.map { [("class", $0)] } ?? []
        if let transform { a.append(("transform", transform)) }
        return SVGElement("g", a, children: children)
    }

    /// A coordinate with at most two decimals and no trailing zeros.
    public static func px(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let r = (x * 100).rounded() / 100
        if r == r.rounded() { return String(Int(r)) }
        var s = String(format: "%.2f", r)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }
}

/// XML escaping of text and attribute values.
public enum XMLEscaping {
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // Control characters other than tab/newline are not allowed in XML 1.0.
                if let ascii = ch.asciiValue, ascii < 0x20, ascii != 0x09, ascii != 0x0A, ascii != 0x0D { continue }
                out.append(ch)
            }
        }
        return out
    }
}
