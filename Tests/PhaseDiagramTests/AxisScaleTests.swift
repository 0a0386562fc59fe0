import TestSupport
import Plot
import ReLUCore
import Testing
@testable import PhaseDiagram

@Suite struct AxisScaleTests {
    func numbers(_ xs: [Double]) -> [ConfigValue] { xs.map { .double($0) } }

    @Test func geometricGridsAreLog() {
        #expect(AxisScale.detect(numbers([1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100])) == .log)
        #expect(AxisScale.detect(numbers([1, 2, 4, 8])) == .log)
        #expect(AxisScale.detect(numbers([1e-3, 1e-2, 0.1, 0.3, 1])) == .log)
        #expect(AxisScale.detect(numbers([1e-3, 1])) == .log)
    }

    @Test func evenOrNonPositiveGridsAreLinear() {
        #expect(AxisScale.detect(numbers([1, 2, 3, 4, 5, 6, 7, 8])) == .linear)
        #expect(AxisScale.detect(numbers([0, 0.5, 0.9, 0.99])) == .linear)
        #expect(AxisScale.detect(numbers([0.5, 1])) == .linear)
        #expect(AxisScale.detect(numbers([2, 3, 4])) == .linear)
        #expect(AxisScale.detect(numbers([-1, 1, 10, 100])) == .linear)
    }

    @Test func namesAreCategorical() {
        #expect(AxisScale.detect([.string("adam"), .string("sgd")]) == .categorical)
        #expect(AxisScale.detect([.double(1), .string("default")]) == .categorical)
    }

    @Test func valuesSortNumericallyThenByNameAndOneNumberIsOneValue() {
        #expect(ConfigValue.int(4) == .double(4) && ConfigValue.int(4).hashValue == ConfigValue.double(4).hashValue)
        #expect(ConfigValue.int(4) != .double(4.5) && ConfigValue.int(1) < .double(1.5))
        #expect(AxisText.label(.int(4)) == "4" && AxisText.label(.null) == "default")
        let sorted = [ConfigValue.string("sgd"), .double(10), .double(9), .string("adam")].sorted()
        #expect(sorted == [.double(9), .double(10), .string("adam"), .string("sgd")])
    }

    @Test func numbersAreSpelledAsInGridFiles() {
        #expect(AxisText.label(.double(1e-5)) == "1e-5")
        #expect(AxisText.label(.double(0.001)) == "0.001")
        #expect(AxisText.label(.double(64)) == "64")
        #expect(AxisText.label(.double(0.9)) == "0.9")
        #expect(NumberFormat.statistic(0.000012345) == "1.2e-5")
        #expect(NumberFormat.statistic(0.0000999) == "1.0e-4" || NumberFormat.statistic(0.0000999) == "1e-4")
        #expect(NumberFormat.fraction(0.8333) == "0.83")
    }

    @Test func logTicksAreDecades() {
        let scale = PlotScale(kind: .log, domain: 1e-4...100, start: 0, end: 600)
        let labelled = scale.ticks().filter { !$0.label.isEmpty }.map(\.label)
        #expect(labelled.first == "1e-4")
        #expect(labelled.contains("1") && labelled.contains("100"))
        #expect(abs(scale.position(1e-1) - 300) < 1e-9)
        let linear = PlotScale(kind: .linear, domain: 0...1, start: 0, end: 100).ticks().map(\.label)
        #expect(linear == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
    }
}

@Suite struct NumberFormatTests {
    @Test("axis labels: grid spellings stay exact, long logspace values get 4 digits")
    func axisLabels() {
        #expect(NumberFormat.axis(0.001) == "0.001")
        #expect(NumberFormat.axis(1e-5) == "1e-5")
        #expect(NumberFormat.axis(0.9) == "0.9")
        #expect(NumberFormat.axis(64) == "64")
        #expect(NumberFormat.axis(0.0031622776601683794) == "0.003162")
        #expect(NumberFormat.axis(3.1622776601683795e-5) == "3.162e-5")
        #expect(NumberFormat.axis(0.123456) == "0.123456")
    }
}
