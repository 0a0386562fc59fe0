import ReLUCore

/// Fast JSON for the two objects the store reads and writes per trial: metrics (written per
/// result) and canonical configs (read per lease). Foundation's Codable coders cost ~10-25 µs
/// per object, which capped the store below its goal of 50,000 results/s; these take a few.
/// Both are checked against the Codable forms by tests (same keys, same values), so a new
/// TrialMetrics field that is missing here fails a test instead of being dropped silently.
public enum MetricsJSON {
    /// JSON of `m` with sorted keys, numbers in canonical form, absent optionals omitted (as
    /// JSONEncoder with `.sortedKeys` writes it). Metrics must be finite (see
    /// `TrialMetrics.validationProblems`): a non-finite number would be written as null.
    public static func encode(_ m: TrialMetrics) -> String {
        var o = ObjectWriter()
        o.bool("collapsed", m.collapsed)
        o.bool("collapsedInit", m.collapsedInit)
        o.number("deadFraction", m.deadFraction)
        o.number("deadFractionInit", m.deadFractionInit)
        o.numbers("deadFractionPerLayer", m.deadFractionPerLayer)
        o.numbers("deadFractionPerLayerInit", m.deadFractionPerLayerInit)
        o.int("deadUnits", m.deadUnits)
        if let v = m.deathStep { o.int("deathStep", v) }
        o.bool("diverged", m.diverged)
        if let v = m.divergenceStep { o.int("divergenceStep", v) }
        if let v = m.initSlope { o.number("initSlope", v) }
        if let v = m.normalizedTestMSE { o.number("normalizedTestMSE", v) }
        if let v = m.normalizedTrainMSE { o.number("normalizedTrainMSE", v) }
        if let v = m.normalizedTrainMSEInit { o.number("normalizedTrainMSEInit", v) }
        o.int("parameterCount", m.parameterCount)
        o.int("skippedSteps", m.skippedSteps)
        o.number("stepsPerSecond", m.stepsPerSecond)
        o.int("stepsRun", m.stepsRun)
        o.raw("stopReason", CanonicalJSON.string(m.stopReason.rawValue))
        o.int("totalUnits", m.totalUnits)
        if let trace = m.trace {
            o.raw("trace", "[" + trace.map { p in
                var t = ObjectWriter()
                t.bool("collapsed", p.collapsed)
                t.number("deadFraction", p.deadFraction)
                if let v = p.normalizedTrainMSE { t.number("normalizedTrainMSE", v) }
                t.int("step", p.step)
                return t.text
            }.joined(separator: ",") + "]")
        }
        if let trajectory = m.trajectory {
            o.raw("trajectory", "[" + trajectory.map { p in
                var t = ObjectWriter()
                t.number("b", p.b)
                t.int("step", p.step)
                t.numbers("w", p.w)
                return t.text
            }.joined(separator: ",") + "]")
        }
        o.number("wallSeconds", m.wallSeconds)
        return o.text
    }

    struct ObjectWriter {
        private var out: String = {
            var s = "{"
            s.reserveCapacity(512)
            return s
        }()
        private var first = true

        var text: String { out + "}" }

        mutating func raw(_ key: String, _ value: String) {
            if !first { out.append(",") }
            first = false
            out.append("\"")
            out.append(key)
            out.append("\":")
            out.append(value)
        }

        mutating func bool(_ key: String, _ v: Bool) { raw(key, v ? "true" : "false") }
        mutating func int(_ key: String, _ v: Int) { raw(key, String(v)) }
        mutating func number(_ key: String, _ v: Double) { raw(key, CanonicalJSON.number(v)) }
        mutating func numbers(_ key: String, _ v: [Double]) {
            raw(key, "[" + v.map(CanonicalJSON.number).joined(separator: ",") + "]")
        }
    }
}

extension MetricsJSON {
    /// Reads metrics JSON (as `encode` writes it, or any key order and spacing) without
    /// Foundation's coders; nil when it is not valid metrics JSON (then JSONDecoder says why).
    public static func decode(_ json: String) -> TrialMetrics? {
        var text = json
        return text.withUTF8 { bytes in
            var s = JSONScanner(bytes)
            guard let m = TrialMetrics.fastParse(&s) else { return nil }
            s.skipSpace()
            return s.atEnd ? m : nil
        }
    }
}
