import SweepClient
import Foundation
import SweepModel

/// A line of the outbox file (JSONL). Either a result waiting for its acknowledgement (a
/// `ResultItem` object, exactly the item `POST /v1/results` takes) or a tombstone
/// `{"acked": {"leaseId": ..., "trialId": ...}}` saying that result was acknowledged. A file
/// of bare `ResultItem` lines is a valid outbox: every line is re-sent.
enum OutboxLine {
    case result(ResultItem)
    case acked(OutboxKey)

    private struct Tombstone: Codable { var acked: OutboxKey }

    static func parse(_ line: Substring) -> OutboxLine? {
        let data = Data(line.utf8)
        let decoder = JSONDecoder()
        if line.hasPrefix("{\"acked\""), let t = try? decoder.decode(Tombstone.self, from: data) { return .acked(t.acked) }
        if let item = try? decoder.decode(ResultItem.self, from: data), item.formProblem() == nil { return .result(item) }
        if let t = try? decoder.decode(Tombstone.self, from: data) { return .acked(t.acked) }
        return nil
    }

    /// One line with its newline. Throws only for metrics that JSON cannot carry.
    static func text(_ line: OutboxLine) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data: Data
        switch line {
        case .result(let item): data = try encoder.encode(item)
        case .acked(let key): data = try encoder.encode(Tombstone(acked: key))
        }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
