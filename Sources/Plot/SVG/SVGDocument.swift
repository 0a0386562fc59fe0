/// A whole SVG file: size, shared definitions (patterns, gradients) and the drawing.
public struct SVGDocument: Sendable {
    public var width: Double
    public var height: Double
    public var title: String?
    public var defs: [SVGElement] = []
    public var body: [SVGElement] = []

    public init(width: Double, height: Double, title: String? = nil) {
        self.width = width
        self.height = height
        self.title = title
    }

    public mutating func add(_ element: SVGElement) { body.append(element) }
    public mutating func add(_ elements: [SVGElement]) { body += elements }

    /// Adds a definition once (by its id).
    public mutating func define(_ element: SVGElement) {
        let id = element.attributes.first { $0.0 == "id" }?.1
        if let id, defs.contains(where: { $0.attributes.contains { $0.0 == "id" && $0.1 == id } }) { return }
        defs.append(element)
    }

    public func render() -> String {
        var children: [SVGElement] = []
        if let title { children.append(SVGElement("title", text: title)) }
        if !defs.isEmpty { children.append(SVGElement("defs", children: defs)) }
        // A white background: PNG conversions and dark-mode viewers otherwise show transparency.
        children.append(.rect(x: 0, y: 0, width: width, height: height, fill: "#ffffff", cls: "background"))
        children += body
        let root = SVGElement("svg", [
            ("xmlns", "http://www.w3.org/2000/svg"), ("version", "1.1"),
            ("width", SVGElement.px(width)), ("height", SVGElement.px(height)),
            ("viewBox", "0 0 \(SVGElement.px(width)) \(SVGElement.px(height))"),
            ("font-family", "DejaVu Sans, Helvetica, Arial, sans-serif"),
        ], children: children)
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + root.render() + "\n"
    }
}
