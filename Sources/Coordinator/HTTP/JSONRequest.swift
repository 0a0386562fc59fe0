import SweepModel
import Foundation
import Hummingbird
import ReLUCore

/// Decodes request bodies, turning decoding errors into 400s that name the field
/// (`results[3].metrics.stepsRun: expected an integer`).
enum JSONRequest {
    static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer, code: String = "bad_request") throws(APIError) -> T {
        guard buffer.readableBytes > 0 else {
            throw APIError(status: .badRequest, code: "bad_request", detail: "expected a JSON body, got none")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let e as DecodingError {
            var (detail, isSyntax) = describe(e)
            if isSyntax, let better = diagnoseSyntax(Data(buffer.readableBytesView)) {
                (detail, isSyntax) = better
            }
            throw APIError(status: .badRequest, code: isSyntax ? "bad_request" : code, detail: detail)
        } catch {
            throw APIError(status: .badRequest, code: code, detail: "\(error)")
        }
    }

    /// The first non-blank byte of the body (to tell `{` from `[`).
    static func firstByte(_ buffer: ByteBuffer) -> UInt8? {
        buffer.readableBytesView.first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }
    }

    /// A message for people, and whether it is a JSON syntax error (no field to name).
    static func describe(_ e: DecodingError) -> (String, Bool) {
        switch e {
        case .keyNotFound(let key, let c):
            return ("\(path(c.codingPath + [key])): required field missing", false)
        case .valueNotFound(let t, let c):
            return ("\(path(c.codingPath)): expected \(name(t)), got null", false)
        case .typeMismatch(let t, let c):
            return ("\(path(c.codingPath)): expected \(name(t))", false)
        case .dataCorrupted(let c):
            if c.codingPath.isEmpty {
                let why = (c.underlyingError as NSError?).flatMap { $0.userInfo[NSDebugDescriptionErrorKey] as? String }
                    ?? c.underlyingError.map { "\($0)" } ?? c.debugDescription
                return ("malformed JSON: \(why.prefix(300))", true)
            }
            return ("\(path(c.codingPath)): \(c.debugDescription.prefix(300))", false)
        @unknown default:
            return ("malformed JSON", true)
        }
    }

    /// Foundation's decoder reports a number that does not fit its field (1.5 for an integer,
    /// 1e999) as invalid JSON without a position. JSONSerialization says more: its own message
    /// for real syntax errors, or, when the text parses, the path of a number at an integer key
    /// that is not a whole number in range. Only runs for bodies that failed to decode.
    static func diagnoseSyntax(_ data: Data) -> (String, Bool)? {
        let tree: Any
        do {
            tree = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            guard let why = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String else { return nil }
            return ("malformed JSON: \(why.prefix(300))", true)
        }
        if let (path, value) = unfitInteger(tree, path: []) {
            return ("\(path): expected an integer, got \(value)", false)
        }
        return ("a number does not fit its field: integer fields take whole numbers within ±9.2e18, and numbers must be finite", false)
    }

    /// Keys of the wire types and configs whose values are integers: the config's integer keys
    /// (from `ConfigKey.kind`), the integer metrics, and the wire types' own.
    static let integerKeys: Set<String> = Set(ConfigKey.allCases.filter(\.kind.isInteger).map(\.rawValue)).union([
        "slots", "trainingSlots", "prefetch", "epoch", "stepsRun", "skippedSteps", "deadUnits", "totalUnits", "deathStep", "divergenceStep",
        "parameterCount", "step", "seeds",
    ])

    static func unfitInteger(_ node: Any, path: [String]) -> (String, String)? {
        if let object = node as? [String: Any] {
            for key in object.keys.sorted() {
                let child = path + [path.isEmpty ? key : ".\(key)"]
                if integerKeys.contains(key), let n = object[key] as? NSNumber, !(object[key] is Bool) {
                    let d = n.doubleValue
                    if d.rounded() != d || abs(d) >= 9.2e18 { return (child.joined(), n.stringValue) }
                }
                if let found = unfitInteger(object[key] as Any, path: child) { return found }
            }
        } else if let array = node as? [Any] {
            for (i, element) in array.enumerated() {
                if let found = unfitInteger(element, path: path + ["[\(i)]"]) { return found }
            }
        }
        return nil
    }

    /// `results[3].metrics.stepsRun`.
    static func path(_ keys: [any CodingKey]) -> String {
        var out = ""
        for k in keys {
            if let i = k.intValue { out += "[\(i)]" } else { out += out.isEmpty ? k.stringValue : ".\(k.stringValue)" }
        }
        return out.isEmpty ? "body" : out
    }

    static func describeOther(_ type: Any.Type) -> String {
        let n = String(describing: type)
        if n.hasPrefix("Array") { return "a list" }
        if n.hasPrefix("Dictionary") { return "an object" }
        return n
    }

    static func name(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        case is Bool.Type: "true or false"
        case is String.Type: "a string"
        default: describeOther(type)
        }
    }
}
