import Foundation
import ReLUCore
import Testing
@testable import SweepModel

@Suite struct WireTypesTests {
    static let metricsJSON = """
        {"collapsed":false,"collapsedInit":false,"deadFraction":0.25,"deadFractionInit":0,"deadFractionPerLayer":[0.25],
         "deadFractionPerLayerInit":[0],"deadUnits":16,"diverged":false,"normalizedTestMSE":0.5,"normalizedTrainMSE":0.4,
         "normalizedTrainMSEInit":1,"parameterCount":4500,"skippedSteps":0,"stepsPerSecond":1000,"stepsRun":1000,
         "stopReason":"completed","totalUnits":64,"wallSeconds":1}
        """

    static func metrics(_ edit: (inout TrialMetrics) -> Void = { _ in }) throws -> TrialMetrics {
        var m = try JSONDecoder().decode(TrialMetrics.self, from: Data(metricsJSON.utf8))
        edit(&m)
        return m
    }

    @Test func timestampsAreISO8601WithMillisecondsAndRoundTrip() throws {
        let t = Timestamp(secondsSince1970: 1_764_432_843.123)
        #expect(t.description == "2025-11-29T16:14:03.123Z")
        let data = try JSONEncoder().encode(["at": t])
        #expect(String(decoding: data, as: UTF8.self) == #"{"at":"2025-11-29T16:14:03.123Z"}"#)
        let back = try JSONDecoder().decode([String: Timestamp].self, from: data)["at"]
        #expect(abs((back?.secondsSince1970 ?? 0) - t.secondsSince1970) < 0.001)
        #expect(try JSONDecoder().decode(Timestamp.self, from: Data("12.5".utf8)).secondsSince1970 == 12.5)
    }

    @Test func leaseResponseRoundTrips() throws {
        var c = TrialConfig()
        c.model = .single
        let r = LeaseResponse(leases: [LeaseGrant(leaseId: String(repeating: "a", count: 32), epoch: 2, trialId: TrialID.of(c),
                                                  sweepId: "s", config: c, expiresAt: Timestamp(secondsSince1970: 100))],
                              retryAfterSeconds: 0, finished: false)
        let back = try JSONDecoder().decode(LeaseResponse.self, from: JSONEncoder().encode(r))
        #expect(back == r)
    }

    @Test func resultBatchAcceptsAnObjectOrABareArray() throws {
        let item = ResultItem(leaseId: String(repeating: "b", count: 32), epoch: 1, trialId: String(repeating: "c", count: 32),
                              metrics: try Self.metrics(), provenance: Provenance(worker: "w1", host: "h"))
        let object = try JSONEncoder().encode(ResultBatch(results: [item]))
        #expect(try JSONDecoder().decode(ResultBatch.self, from: object).results == [item])
        let array = try JSONEncoder().encode([item])
        #expect(try JSONDecoder().decode(ResultBatch.self, from: array).results == [item])
        #expect(throws: (any Error).self) { try JSONDecoder().decode(ResultBatch.self, from: Data(#"{"items": []}"#.utf8)) }
    }

    @Test func statusJSONHasTheKeysScriptsRelyOn() throws {
        let s = SweepStatus(id: "p2", name: "p2", description: nil, state: .running, counts: TrialCounts(pending: 1, leased: 2, done: 3, failed: 4),
                            trials: 10, throughput: 1.5, eta: 2, createdAt: Timestamp(secondsSince1970: 0),
                            updatedAt: Timestamp(secondsSince1970: 0), finishedAt: nil)
        let obj = try JSONSerialization.jsonObject(with: JSONEncoder().encode(StatusList(sweeps: [s], workers: []))) as? [String: Any]
        let sweep = (obj?["sweeps"] as? [[String: Any]])?.first
        #expect(sweep?["id"] as? String == "p2")
        #expect(sweep?["name"] as? String == "p2")
        #expect(sweep?["state"] as? String == "running")
        let counts = sweep?["counts"] as? [String: Int]
        #expect(counts == ["pending": 1, "leased": 2, "done": 3, "failed": 4])
        let submit = try JSONSerialization.jsonObject(with: JSONEncoder().encode(SubmitResponse(sweepId: "p2", trials: 5, new: 2))) as? [String: Any]
        #expect(submit?["sweepId"] as? String == "p2" && submit?["trials"] as? Int == 5 && submit?["new"] as? Int == 2)
    }

    @Test func validMetricsHaveNoProblems() throws {
        var c = TrialConfig()
        c.steps = 1000
        #expect(try Self.metrics().validationProblems(config: c).isEmpty)
    }

    @Test func impossibleMetricsAreNamed() throws {
        let cases: [(String, (inout TrialMetrics) -> Void)] = [
            ("deadFraction", { $0.deadFraction = 1.5 }),
            ("deadFractionInit", { $0.deadFractionInit = -0.1 }),
            ("deadFractionPerLayer[0]", { $0.deadFractionPerLayer = [2] }),
            ("normalizedTrainMSE", { $0.normalizedTrainMSE = -1 }),
            ("normalizedTestMSE", { $0.normalizedTestMSE = .infinity }),
            ("deadUnits", { $0.deadUnits = 100 }),
            ("stepsRun", { $0.stepsRun = -5 }),
            ("wallSeconds", { $0.wallSeconds = .nan }),
            ("stepsRun + skippedSteps", { $0.stepsRun = 10 }),
        ]
        for (name, edit) in cases {
            let problems = try Self.metrics(edit).validationProblems(expectedSteps: 1000)
            #expect(problems.contains { $0.hasPrefix(name) }, "\(name): \(problems)")
        }
    }

    @Test func resultItemFormIsChecked() throws {
        let good = ResultItem(leaseId: String(repeating: "b", count: 32), epoch: 1, trialId: String(repeating: "c", count: 32),
                              metrics: try Self.metrics(), provenance: Provenance(worker: "w1", host: "h"))
        #expect(good.formProblem() == nil)
        var both = good
        both.error = "boom"
        #expect(both.formProblem()?.contains("both") == true)
        var neither = good
        neither.metrics = nil
        #expect(neither.formProblem()?.contains("neither") == true)
        var traversal = good
        traversal.trialId = "../../etc/passwd"
        #expect(traversal.formProblem()?.contains("trialId") == true)
        var epoch = good
        epoch.epoch = 0
        #expect(epoch.formProblem()?.contains("epoch") == true)
        var worker = good
        worker.provenance.worker = "a b"
        #expect(worker.formProblem()?.contains("provenance.worker") == true)
        // errorKind goes with an error, and only a kind the coordinator knows.
        var configuration = neither
        configuration.error = "csv data set refused"
        configuration.errorKind = .configuration
        #expect(configuration.formProblem() == nil)
        var kindWithMetrics = good
        kindWithMetrics.errorKind = .configuration
        #expect(kindWithMetrics.formProblem()?.contains("errorKind") == true)
        var unknownKind = configuration
        unknownKind.errorKind = TrialErrorKind(rawValue: "cosmic-ray")
        #expect(unknownKind.formProblem()?.contains("errorKind: expected one of configuration, got 'cosmic-ray'") == true)
    }

    @Test("errorKind is an optional JSON key: absent when nil, so old coordinators and workers read the items")
    func errorKindOnTheWire() throws {
        let item = ResultItem(leaseId: String(repeating: "b", count: 32), epoch: 1, trialId: String(repeating: "c", count: 32),
                              metrics: nil, error: "refused", errorKind: .configuration, provenance: Provenance(worker: "w1", host: "h"))
        let json = String(decoding: try JSONEncoder().encode(item), as: UTF8.self)
        #expect(json.contains(#""errorKind":"configuration""#))
        #expect(try JSONDecoder().decode(ResultItem.self, from: Data(json.utf8)) == item)
        var plain = item
        plain.errorKind = nil
        #expect(!String(decoding: try JSONEncoder().encode(plain), as: UTF8.self).contains("errorKind"))
        let old = #"{"leaseId":"\#(item.leaseId)","epoch":1,"trialId":"\#(item.trialId)","error":"x","provenance":{"worker":"w","host":"h"}}"#
        #expect(try JSONDecoder().decode(ResultItem.self, from: Data(old.utf8)).errorKind == nil)
    }

    @Test("a lease request may say the worker's training slots and prefetch apart from the trials it asks for")
    func leaseRequestSlots() throws {
        let old = try JSONDecoder().decode(LeaseRequest.self, from: Data(#"{"worker":"w","slots":48}"#.utf8))
        #expect(old.trainingSlots == nil && old.prefetch == nil && old.validationProblem() == nil)
        let new = try JSONDecoder().decode(LeaseRequest.self, from: Data(#"{"worker":"w","slots":48,"trainingSlots":2,"prefetch":46}"#.utf8))
        #expect(new == LeaseRequest(worker: "w", slots: 48, trainingSlots: 2, prefetch: 46))
        #expect(new.validationProblem() == nil)
        #expect(LeaseRequest(worker: "w", slots: 1, trainingSlots: 0).validationProblem()?.contains("trainingSlots: expected 1...1024") == true)
        #expect(LeaseRequest(worker: "w", slots: 1, prefetch: -1).validationProblem()?.contains("prefetch") == true)
        #expect(LeaseRequest(worker: "w", slots: 1, prefetch: LeaseRequest.maxPrefetch).validationProblem() == nil)
        #expect(LeaseRequest(worker: "w", slots: 1, prefetch: LeaseRequest.maxPrefetch + 1).validationProblem() != nil)
    }

    @Test func requestsAreChecked() {
        #expect(LeaseRequest(worker: "w", slots: 4).validationProblem() == nil)
        #expect(LeaseRequest(worker: "", slots: 4).validationProblem() != nil)
        #expect(LeaseRequest(worker: "w", slots: 0).validationProblem()?.contains("slots") == true)
        #expect(LeaseRequest(worker: "w", slots: 1_000_000).validationProblem()?.contains("slots") == true)
        #expect(HeartbeatRequest(worker: "w", leaseIds: ["x"]).validationProblem()?.contains("leaseIds") == true)
        #expect(SweepName.isValid("p2-single_relu.v1"))
        #expect(!SweepName.isValid(".."))
        #expect(!SweepName.isValid("a/b"))
    }
}
