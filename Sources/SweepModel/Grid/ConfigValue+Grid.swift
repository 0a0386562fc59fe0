import ReLUCore

extension ConfigValue {
    /// Canonical JSON text (see `CanonicalJSON`): what trial ids hash and grids are sent as.
    public var json: String {
        var out = ""
        appendJSON(to: &out)
        return out
    }

    /// Appends the canonical JSON text.
    func appendJSON(to out: inout String) {
        switch self {
        case .int(let i): out.append(String(i))
        case .double(let d): out.append(CanonicalJSON.number(d))
        case .bool(let b): out.append(b ? "true" : "false")
        case .string(let s): CanonicalJSON.appendString(s, to: &out)
        case .null: out.append("null")
        }
    }

    /// As shown to people in listings and messages: the JSON text, with strings unquoted.
    public var text: String {
        if case .string(let s) = self { return s }
        return json
    }

    /// Checks a scalar of a grid document against the type of `key`: integers written as
    /// `1e3` or `1000.0` are accepted when they are exactly integers, numbers must be finite
    /// (`-0` is `0`), names must be allowed.
    static func coerce(_ v: ScalarValue, for key: ConfigKey) -> Result<ConfigValue, GridProblem> {
        let kind = key.kind
        var fail: Result<ConfigValue, GridProblem> { .failure(GridProblem("expected \(kind.expectation), got \(v.literal)")) }
        switch kind {
        case .name, .dataset:
            guard case .string(let s) = v, let value = kind.parse(s) else { return fail }
            return .success(value)
        case .integer, .optionalInteger:
            switch v {
            case .null where kind == .optionalInteger: return .success(.null)
            case .int(let i): return .success(.int(i))
            case .double(let d, _):
                guard d.isFinite, d == d.rounded(), abs(d) <= 9_007_199_254_740_992 else {
                    return .failure(GridProblem("expected \(kind.expectation), got \(v.literal) (not an integer in range)"))
                }
                return .success(.int(Int(d)))
            default: return fail
            }
        case .number:
            switch v {
            case .int(let i): return .success(.double(Double(i)))
            case .double(let d, _):
                guard d.isFinite else { return .failure(GridProblem("expected a finite number, got \(v.literal)")) }
                return .success(.double(d == 0 ? 0 : d))  // -0 and 0 are one value
            default: return fail
            }
        case .flag:
            guard case .bool(let b) = v else { return fail }
            return .success(.bool(b))
        }
    }

    /// Back to a scalar, for re-resolution after overrides.
    var scalar: ScalarValue {
        switch self {
        case .int(let i): .int(i)
        case .double(let d): .double(d, text: CanonicalJSON.number(d))
        case .bool(let b): .bool(b)
        case .string(let s): .string(s)
        case .null: .null
        }
    }
}
