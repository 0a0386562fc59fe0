import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses SVG with a real XML parser (a malformed document fails) and collects its elements.
final class SVGInspector: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text: String
    }

    private(set) var elements: [Element] = []
    private var open: [Int] = []
    private(set) var error: String?

    static func parse(_ svg: String) -> SVGInspector {
        let inspector = SVGInspector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = inspector
        if !parser.parse() {
            inspector.error = parser.parserError.map { "\($0)" } ?? "parse failed"
        }
        return inspector
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        open.append(elements.count)
        elements.append(Element(name: name, attributes: attributes, text: ""))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        for i in open { elements[i].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }

    func elements(_ name: String, classContaining cls: String? = nil) -> [Element] {
        elements.filter { e in
            e.name == name && (cls.map { c in (e.attributes["class"] ?? "").split(separator: " ").contains(Substring(c)) } ?? true)
        }
    }
}
