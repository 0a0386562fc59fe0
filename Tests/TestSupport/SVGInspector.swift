import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses SVG with a real XML parser (a malformed document fails) and collects its elements.
public final class SVGInspector: NSObject, XMLParserDelegate {
    public struct Element {
        public var name: String
        public var attributes: [String: String]
        public var text: String
    }

    public private(set) var elements: [Element] = []
    private var open: [Int] = []
    public private(set) var error: String?

    public static func parse(_ svg: String) -> SVGInspector {
        let inspector = SVGInspector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = inspector
        if !parser.parse() {
            inspector.error = parser.parserError.map { "\($0)" } ?? "parse failed"
        }
        return inspector
    }

    public func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        open.append(elements.count)
        elements.append(Element(name: name, attributes: attributes, text: ""))
    }

    public func parser(_ parser: XMLParser, foundCharacters string: String) {
        for i in open { elements[i].text += string }
    }

    public func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }

    public func elements(_ name: String, classContaining cls: String? = nil) -> [Element] {
        elements.filter { e in
            e.name == name && (cls.map { c in (e.attributes["class"] ?? "").split(separator: " ").contains(Substring(c)) } ?? true)
        }
    }
}
