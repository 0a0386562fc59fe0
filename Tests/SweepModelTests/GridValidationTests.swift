import ReLUCore
import Foundation
import Testing
@testable import SweepModel

/// Every rejection names the file, the key path and what was expected.
@Suite struct GridValidationTests {
    func error(_ text: String, file: String = "bad.yaml", format: GridSpec.Format = .auto) -> GridError? {
        do {
            let g = try GridSpec.parse(text, file: file, format: format)
            _ = try g.trials()
            return nil
        } catch {
            return error
        }
    }

    func expectError(_ text: String, path: String, mentions: [String], file: String = "bad.yaml",
                     sourceLocation: SourceLocation = #_sourceLocation) {
        guard let e = error(text, file: file) else {
            Issue.record("accepted: \(text)", sourceLocation: sourceLocation)
            return
        }
        #expect(e.file == file, sourceLocation: sourceLocation)
        #expect(e.keyPath == path, "\(e)", sourceLocation: sourceLocation)
        for m in mentions {
            #expect(e.description.contains(m), "\(e) should mention \(m)", sourceLocation: sourceLocation)
        }
    }

    @Test func unknownTopLevelKey() {
        expectError("name: x\naxis: { lr: [1] }\n", path: "axis", mentions: ["unknown key 'axis'", "axes"])
    }

    @Test func unknownConfigKeySuggestsTheSpelling() {
        expectError("name: x\nbase: { targetstd: 1 }\n", path: "base", mentions: ["targetstd", "did you mean targetStd?"])
        expectError("name: x\naxes: { learningRate: [1] }\n", path: "axes", mentions: ["learningRate", "allowed:"])
    }

    @Test func wrongTypes() {
        expectError("name: x\nbase: { lr: fast }\n", path: "base.lr", mentions: ["expected a finite number", "fast"])
        expectError("name: x\nbase: { steps: 1.5 }\n", path: "base.steps", mentions: ["expected an integer"])
        expectError("name: x\nbase: { model: cnn }\n", path: "base.model", mentions: ["single, neuron, mlp, resmlp"])
        expectError("name: x\nbase: { earlyStop: yes }\n", path: "base.earlyStop", mentions: ["true or false"])
        expectError("name: x\naxes: { momentum: [0, fast] }\n", path: "axes.momentum[1]", mentions: ["expected a finite number"])
        expectError("name: x\naxes: { momentum: 0.9 }\n", path: "axes.momentum", mentions: ["expected a list", "[0.9]"])
        expectError("name: x\naxes: { momentum: [[0.9]] }\n", path: "axes.momentum[0]", mentions: ["lists do not nest"])
        expectError("name: x\nbase: { lr: [0.1, 0.2] }\n", path: "base.lr", mentions: ["single value", "axes"])
        expectError("name: x\nbase: [1, 2]\n", path: "base", mentions: ["expected a mapping"])
        expectError("- 1\n- 2\n", path: "", mentions: ["expected a mapping"])
        expectError("name: x\nbase: { targetStd: .inf }\n", path: "base.targetStd", mentions: ["finite"])
    }

    @Test func emptyAxis() {
        expectError("name: x\naxes: { momentum: [] }\n", path: "axes.momentum", mentions: ["empty axis"])
        expectError("name: x\naxes:\n  lr: range(1, 1)\n", path: "axes.lr", mentions: ["empty axis"])
    }

    @Test func zipLengthMismatchAndBadGroups() {
        expectError("name: x\naxes: { lr: [0.1, 0.2], momentum: [0, 0.5, 0.9] }\nzip: [[lr, momentum]]\n",
                    path: "zip[0]", mentions: ["equal lengths", "lr (2)", "momentum (3)"])
        expectError("name: x\naxes: { lr: [0.1, 0.2] }\nzip: [[lr, momentum]]\n", path: "zip[0][1]", mentions: ["not an axis"])
        expectError("name: x\naxes: { lr: [0.1, 0.2] }\nzip: [[lr]]\n", path: "zip[0]", mentions: ["at least two"])
        expectError("name: x\naxes: { lr: [0.1], momentum: [0], width: [1] }\nzip: [[lr, momentum], [lr, width]]\n",
                    path: "zip[1][0]", mentions: ["two zip groups"])
    }

    @Test func keyInBaseAndAxes() {
        expectError("name: x\nbase: { lr: 0.1 }\naxes: { lr: [0.1, 0.2] }\n", path: "axes.lr", mentions: ["both in base and in axes"])
    }

    @Test func seedsConflictsAndBadSeeds() {
        expectError("name: x\nbase: { seed: 3 }\nseeds: 4\n", path: "seeds", mentions: ["both 'seeds' and base.seed"])
        expectError("name: x\nseeds: 0\n", path: "seeds", mentions: [">= 1"])
        expectError("name: x\nseeds: [1, 1]\n", path: "seeds", mentions: ["repeats"])
        expectError("name: x\nseeds: [-1]\n", path: "seeds[0]", mentions: ["integer >= 0"])
    }

    @Test func duplicateValuesInAnAxisAreRefusedEvenWhenSpelledDifferently() {
        expectError("name: x\naxes: { lr: [1e-3, 0.001] }\n", path: "axes.lr[1]", mentions: ["appears twice"])
    }

    @Test func invalidTrialConfigNamesTheKeyWhereItWasSet() {
        expectError("name: x\naxes: { momentum: [0.5, 1.5] }\n", path: "axes.momentum", mentions: ["[0, 1)", "momentum=1.5"])
        expectError("name: x\nbase: { model: mlp, depth: 0 }\n", path: "base.depth", mentions: ["1...64"])
        expectError("name: x\nbase: { model: mlp, trajectoryEvery: 5 }\n", path: "base.trajectoryEvery", mentions: ["single"])
    }

    @Test func missingOrInvalidName() {
        expectError("base: { lr: 0.1 }\n", path: "", mentions: ["missing key 'name'"])
        expectError("name: ../etc\n", path: "name", mentions: ["letter or digit"])
        expectError("name: 'a b'\n", path: "name", mentions: ["contains ' '"])
        expectError("name: \(String(repeating: "a", count: 65))\n", path: "name", mentions: ["1-64"])
    }

    @Test func malformedDocumentsGiveLineAndColumn() {
        let y = error("name: x\nbase: { lr: 0.1\n", file: "broken.yaml")
        #expect(y?.line != nil)
        #expect(y?.description.contains("broken.yaml:") == true)
        #expect(y?.description.contains("invalid YAML") == true)
        let j = error("{\"name\": \"x\",\n \"base\": {\"lr\": 0.1,}}", file: "broken.json", format: .json)
        #expect(j?.line == 2)
        #expect(j?.description.contains("invalid JSON") == true)
    }

    @Test func duplicateKeysAreRefusedInBothFormats() {
        expectError("name: x\nname: y\n", path: "name", mentions: ["duplicate key"])
        let j = error(#"{"name": "x", "name": "y"}"#, file: "d.json")
        #expect(j?.description.contains("duplicate key 'name'") == true)
    }

    @Test func badGeneratorsAreExplained() {
        expectError("name: x\naxes: { lr: [logspace(1, 2)] }\n", path: "axes.lr[0]", mentions: ["logspace takes 3 arguments"])
        expectError("name: x\naxes: { lr: [range(0, 1, 0)] }\n", path: "axes.lr[0]", mentions: ["step must not be 0"])
        expectError("name: x\naxes: { lr: [\"logspace(a, 1, 2)\"] }\n", path: "axes.lr[0]", mentions: ["'a' is not a number"])
        expectError("name: x\nbase: { lr: logspace(1, 2, 3) }\n", path: "base.lr", mentions: ["move it under axes"])
    }
}
