import Foundation

/// A numeric regression table read from CSV: every column but the last is an input, the last is
/// the target. A first row that is not numeric is taken as a header.
struct CSVTable {
    let inputDim: Int
    let rows: [[Double]]

    /// Reads the file `path` names where `access` allows it; errors name `path` as given.
    static func load(path: String, access: DataAccess) throws(DatasetError) -> CSVTable {
        let data = try access.read(path)
        guard let text = String(validating: data, as: UTF8.self) else {
            throw DatasetError("cannot read csv data set '\(path)': it is not UTF-8 text")
        }
        return try parse(text, name: path)
    }

    static func parse(_ text: String, name: String) throws(DatasetError) -> CSVTable {
        var rows: [[Double]] = []
        var width: Int?
        for (index, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = trimmed.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            let values = fields.compactMap(Double.init)
            if values.count != fields.count {
                if rows.isEmpty && width == nil {
                    width = fields.count  // header
                    continue
                }
                throw DatasetError("\(name):\(index + 1): non-numeric field in a data row")
            }
            if let w = width, w != values.count {
                throw DatasetError("\(name):\(index + 1): \(values.count) fields, expected \(w)")
            }
            if values.contains(where: { !$0.isFinite }) {
                throw DatasetError("\(name):\(index + 1): NaN or infinite value")
            }
            width = values.count
            rows.append(values)
        }
        guard let w = width, w >= 2 else {
            throw DatasetError("\(name): needs at least 2 columns (inputs..., target)")
        }
        guard rows.count >= 2 else { throw DatasetError("\(name): needs at least 2 data rows") }
        return CSVTable(inputDim: w - 1, rows: rows)
    }

    /// A seeded shuffle, then the first rows for training and the next for testing. When the
    /// table is smaller than nTrain + nTest, it is split 80/20.
    func split(nTrain: Int, nTest: Int, rng: inout DeterministicRNG) -> (RawSamples, RawSamples) {
        var order = Array(rows.indices)
        rng.shuffle(&order)
        var trainCount = nTrain
        var testCount = nTest
        if nTrain + nTest > rows.count {
            testCount = nTest == 0 ? 0 : max(1, rows.count / 5)
            trainCount = rows.count - testCount
        }
        func take(_ indices: ArraySlice<Int>) -> RawSamples {
            var s = RawSamples(inputDim: inputDim, x: [], y: [])
            for r in indices {
                s.x.append(contentsOf: rows[r][0..<inputDim])
                s.y.append(rows[r][inputDim])
            }
            return s
        }
        return (take(order[0..<trainCount]), take(order[trainCount..<(trainCount + testCount)]))
    }
}
