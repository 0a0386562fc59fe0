/// Splits RFC 4180 CSV into rows of fields as bytes arrive, in chunks of any size: quoted fields
/// may hold commas, quotes ("") and newlines, and may span chunks. Each row comes with the byte
/// offset where it starts.
public struct CSVRowReader {
    private var row: [String] = []
    private var field: [UInt8] = []
    private var quoted = false
    /// Just closed a quoted section: a second quote is a literal quote.
    private var afterQuote = false
    private var rowStart = 0
    private var position = 0
    private var pendingCR = false

    public init() {}

    /// Feeds bytes; `body` gets each completed row and its starting offset.
    public mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, _ body: ([String], Int) throws -> Void) rethrows {
        for b in bytes {
            defer { position += 1 }
            if pendingCR {
                pendingCR = false
                if b == 0x0A { rowStart = position + 1; continue }
            }
            if quoted {
                if b == UInt8(ascii: "\"") { quoted = false; afterQuote = true } else { field.append(b) }
                continue
            }
            if afterQuote {
                afterQuote = false
                if b == UInt8(ascii: "\"") { field.append(b); quoted = true; continue }
            }
            switch b {
            case UInt8(ascii: "\"") where field.isEmpty:
                quoted = true
            case UInt8(ascii: ","):
                row.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            case 0x0A, 0x0D:
                row.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                let start = rowStart
                rowStart = position + 1
                if b == 0x0D { pendingCR = true }
                let done = row
                row.removeAll(keepingCapacity: true)
                try body(done, start)
            default:
                field.append(b)
            }
        }
    }

    /// The last row when the input does not end with a newline.
    public mutating func finish(_ body: ([String], Int) throws -> Void) rethrows {
        if !field.isEmpty || !row.isEmpty || quoted || afterQuote {
            row.append(String(decoding: field, as: UTF8.self))
            let done = row
            row = []
            field = []
            quoted = false
            afterQuote = false
            try body(done, rowStart)
        }
    }
}
