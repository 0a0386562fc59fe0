import Foundation
import ReLUCore

extension TrialRecord {
    /// Reads one results.jsonl line: the fast path for the formats this project writes (any key
    /// order and spacing), falling back to JSONDecoder for everything else and for its error
    /// message. Same result as `parse(jsonLine:)` for every line both accept.
    public static func parse(jsonLine bytes: UnsafeBufferPointer<UInt8>) throws -> TrialRecord {
        if let fast = fastParse(bytes) { return fast }
        return try JSONDecoder().decode(TrialRecord.self, from: Data(buffer: bytes))
    }

    static func fastParse(_ bytes: UnsafeBufferPointer<UInt8>) -> TrialRecord? {
        var s = JSONScanner(bytes)
        var trialId: String?
        var config: TrialConfig?
        var metrics: TrialMetrics?
        var error: String?
        let ok = s.object { s, key in
            if key.equals("trialId") {
                if s.null() { return true }
                trialId = s.string()
                return trialId != nil
            } else if key.equals("config") {
                config = TrialConfig.fastParse(&s)
                return config != nil
            } else if key.equals("metrics") {
                if s.null() { return true }
                metrics = TrialMetrics.fastParse(&s)
                return metrics != nil
            } else if key.equals("error") {
                if s.null() { return true }
                error = s.string()
                return error != nil
            }
            return s.skipValue()
        }
        s.skipSpace()
        guard ok, s.atEnd, let config else { return nil }
        return TrialRecord(trialId: trialId, config: config, metrics: metrics, error: error)
    }
}

extension TrialConfig {
    /// A config object, each key checked against its kind as `Codable` does; nil for unknown keys,
    /// wrong types or malformed text.
    static func fastParse(_ s: inout JSONScanner) -> TrialConfig? {
        var c = TrialConfig()
        let ok = s.object { s, rawKey in
            guard let key = ConfigKey(rawValue: String(decoding: rawKey, as: UTF8.self)) else { return false }
            let value: ConfigValue
            switch key.kind {
            case .integer:
                guard let i = s.int() else { return false }
                value = .int(i)
            case .optionalInteger:
                if s.null() { value = .null } else {
                    guard let i = s.int() else { return false }
                    value = .int(i)
                }
            case .number:
                guard let d = s.double() else { return false }
                value = .double(d)
            case .flag:
                guard let b = s.bool() else { return false }
                value = .bool(b)
            case .name, .dataset:
                guard let text = s.string(), let v = key.kind.parse(text) else { return false }
                value = v
            }
            c[key] = value
            return true
        }
        return ok ? c : nil
    }
}

extension TrialMetrics {
    /// A metrics object as `Codable` reads it (unknown keys skipped); nil when a required key is
    /// missing or a value has the wrong type.
    static func fastParse(_ s: inout JSONScanner) -> TrialMetrics? {
        var deadFraction, deadFractionInit, wallSeconds, stepsPerSecond: Double?
        var normalizedTrainMSE, normalizedTestMSE, normalizedTrainMSEInit, initSlope: Double?
        var perLayer, perLayerInit: [Double]?
        var deadUnits, totalUnits, stepsRun, skippedSteps, parameterCount: Int?
        var deathStep, divergenceStep: Int?
        var collapsed, collapsedInit, diverged: Bool?
        var stopReason: StopReason?
        var trace: [TracePoint]?
        var trajectory: [TrajectoryPoint]?
        func optionalDouble(_ s: inout JSONScanner) -> Double?? {
            if s.null() { return .some(nil) }
            guard let d = s.double() else { return nil }
            return .some(d)
        }
        func optionalInt(_ s: inout JSONScanner) -> Int?? {
            if s.null() { return .some(nil) }
            guard let i = s.int() else { return nil }
            return .some(i)
        }
        func doubles(_ s: inout JSONScanner) -> [Double]? {
            var out: [Double] = []
            let ok = s.array { s in
                guard let d = s.double() else { return false }
                out.append(d)
                return true
            }
            return ok ? out : nil
        }
        let ok = s.object { s, key in
            if key.equals("deadFraction") { deadFraction = s.double(); return deadFraction != nil }
            if key.equals("deadFractionInit") { deadFractionInit = s.double(); return deadFractionInit != nil }
            if key.equals("deadFractionPerLayer") { perLayer = doubles(&s); return perLayer != nil }
            if key.equals("deadFractionPerLayerInit") { perLayerInit = doubles(&s); return perLayerInit != nil }
            if key.equals("deadUnits") { deadUnits = s.int(); return deadUnits != nil }
            if key.equals("totalUnits") { totalUnits = s.int(); return totalUnits != nil }
            if key.equals("collapsed") { collapsed = s.bool(); return collapsed != nil }
            if key.equals("collapsedInit") { collapsedInit = s.bool(); return collapsedInit != nil }
            if key.equals("diverged") { diverged = s.bool(); return diverged != nil }
            if key.equals("deathStep") { guard let v = optionalInt(&s) else { return false }; deathStep = v; return true }
            if key.equals("divergenceStep") { guard let v = optionalInt(&s) else { return false }; divergenceStep = v; return true }
            if key.equals("normalizedTrainMSE") { guard let v = optionalDouble(&s) else { return false }; normalizedTrainMSE = v; return true }
            if key.equals("normalizedTestMSE") { guard let v = optionalDouble(&s) else { return false }; normalizedTestMSE = v; return true }
            if key.equals("normalizedTrainMSEInit") { guard let v = optionalDouble(&s) else { return false }; normalizedTrainMSEInit = v; return true }
            if key.equals("initSlope") { guard let v = optionalDouble(&s) else { return false }; initSlope = v; return true }
            if key.equals("stopReason") {
                guard let raw = s.string(), let r = StopReason(rawValue: raw) else { return false }
                stopReason = r
                return true
            }
            if key.equals("stepsRun") { stepsRun = s.int(); return stepsRun != nil }
            if key.equals("skippedSteps") { skippedSteps = s.int(); return skippedSteps != nil }
            if key.equals("parameterCount") { parameterCount = s.int(); return parameterCount != nil }
            if key.equals("wallSeconds") { wallSeconds = s.double(); return wallSeconds != nil }
            if key.equals("stepsPerSecond") { stepsPerSecond = s.double(); return stepsPerSecond != nil }
            if key.equals("trace") {
                if s.null() { return true }
                var points: [TracePoint] = []
                let ok = s.array { s in
                    var step: Int?, dead: Double?, isCollapsed: Bool?, nmse: Double?
                    let ok = s.object { s, k in
                        if k.equals("step") { step = s.int(); return step != nil }
                        if k.equals("deadFraction") { dead = s.double(); return dead != nil }
                        if k.equals("collapsed") { isCollapsed = s.bool(); return isCollapsed != nil }
                        if k.equals("normalizedTrainMSE") { guard let v = optionalDouble(&s) else { return false }; nmse = v; return true }
                        return s.skipValue()
                    }
                    guard ok, let step, let dead, let isCollapsed else { return false }
                    points.append(TracePoint(step: step, deadFraction: dead, collapsed: isCollapsed, normalizedTrainMSE: nmse))
                    return true
                }
                trace = points
                return ok
            }
            if key.equals("trajectory") {
                if s.null() { return true }
                var points: [TrajectoryPoint] = []
                let ok = s.array { s in
                    var step: Int?, w: [Double]?, b: Double?
                    let ok = s.object { s, k in
                        if k.equals("step") { step = s.int(); return step != nil }
                        if k.equals("w") { w = doubles(&s); return w != nil }
                        if k.equals("b") { b = s.double(); return b != nil }
                        return s.skipValue()
                    }
                    guard ok, let step, let w, let b else { return false }
                    points.append(TrajectoryPoint(step: step, w: w, b: b))
                    return true
                }
                trajectory = points
                return ok
            }
            return s.skipValue()
        }
        guard ok, let deadFraction, let deadFractionInit, let perLayer, let perLayerInit, let deadUnits, let totalUnits,
              let collapsed, let collapsedInit, let diverged, let stopReason, let stepsRun, let skippedSteps,
              let parameterCount, let wallSeconds, let stepsPerSecond else { return nil }
        return TrialMetrics(
            deadFraction: deadFraction, deadFractionInit: deadFractionInit, deadFractionPerLayer: perLayer,
            deadFractionPerLayerInit: perLayerInit, deadUnits: deadUnits, totalUnits: totalUnits, collapsed: collapsed,
            collapsedInit: collapsedInit, deathStep: deathStep, normalizedTrainMSE: normalizedTrainMSE,
            normalizedTestMSE: normalizedTestMSE, normalizedTrainMSEInit: normalizedTrainMSEInit, diverged: diverged,
            divergenceStep: divergenceStep, stopReason: stopReason, stepsRun: stepsRun, skippedSteps: skippedSteps,
            parameterCount: parameterCount, wallSeconds: wallSeconds, stepsPerSecond: stepsPerSecond, trace: trace,
            trajectory: trajectory, initSlope: initSlope)
    }
}
