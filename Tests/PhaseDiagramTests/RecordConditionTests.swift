import Foundation
import ReLUCore
import SweepModel
import Testing
import TestSupport
@testable import PhaseDiagram

/// `--where` conditions: parsing, errors, and evaluation on records.
@Suite struct RecordConditionTests {
    func record(initSlope: Double?, collapsedInit: Bool = false, failed: Bool = false) -> TrialRecord {
        var r = TestRecords.record("t", collapsed: true)
        r.metrics?.initSlope = initSlope
        r.metrics?.collapsedInit = collapsedInit
        if failed { r.metrics = nil }
        return r
    }

    @Test func parsesEveryOperator() throws {
        let cases: [(String, RecordCondition.Comparison)] = [
            ("initSlope>0", .greater), ("initSlope >= 0", .greaterOrEqual), ("initSlope<0", .less),
            ("initSlope<=0", .lessOrEqual), ("initSlope=0", .equal), ("initSlope==0", .equal), ("initSlope!=0", .notEqual),
        ]
        for (text, op) in cases {
            let c = try RecordCondition(parsing: text)
            #expect(c.key == "initSlope" && c.comparison == op && c.value == .double(0), "\(text)")
        }
        let m = try RecordCondition(parsing: "model=resmlp")
        #expect(m.value == .string("resmlp"))
        #expect(try RecordCondition(parsing: "collapsedInit=false").value == .bool(false))
        #expect(try RecordCondition(parsing: "initSlope>0").fileNamePart == "initSlope-gt-0")
    }

    @Test func evaluatesOnRecords() throws {
        let positive = try RecordCondition(parsing: "initSlope>0")
        #expect(positive.evaluate(record(initSlope: 0.3)) == true)
        #expect(positive.evaluate(record(initSlope: -0.3)) == false)
        #expect(positive.evaluate(record(initSlope: 0)) == false)
        #expect(positive.evaluate(record(initSlope: nil)) == nil)  // not a single unit
        #expect(positive.evaluate(record(initSlope: 1, failed: true)) == nil)  // no metrics
        let alive = try RecordCondition(parsing: "collapsedInit=false")
        #expect(alive.evaluate(record(initSlope: nil, collapsedInit: false)) == true)
        #expect(alive.evaluate(record(initSlope: nil, collapsedInit: true)) == false)
        // A config key is read from the config, so failed trials can be selected too.
        let momentum = try RecordCondition(parsing: "momentum>=0.5")
        #expect(momentum.evaluate(record(initSlope: nil, failed: true)) == true)
        // All conditions must hold; one unreadable makes the whole unreadable.
        #expect(RecordCondition.evaluate([positive, momentum], record(initSlope: 2)) == true)
        #expect(RecordCondition.evaluate([positive, momentum], record(initSlope: -2)) == false)
        #expect(RecordCondition.evaluate([positive, momentum], record(initSlope: nil)) == nil)
    }

    @Test("errors say what is expected", arguments: [
        ("initSlope", "OP one of"),
        ("slope>0", "unknown key 'slope'"),
        ("initSlope>x", "needs a number"),
        ("collapsedInit>0", "true or false"),
        ("model>mlp", "is a name"),
        ("momentum=fast", "not a value of momentum"),
        (">0", "KEY OP VALUE"),
    ])
    func errors(text: String, expected: String) {
        do {
            _ = try RecordCondition(parsing: text)
            Issue.record("\(text) parsed")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }
}
