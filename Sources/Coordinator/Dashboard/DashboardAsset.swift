import Foundation
import HTTPTypes
import Hummingbird

/// One static file of the dashboard, served from memory with a strong ETag (a hash of its
/// bytes), so a browser revalidates cheaply (304) and sees a new coordinator's page at once.
struct DashboardAsset: Sendable {
    let path: String
    let contentType: String
    let bytes: ByteBuffer
    let etag: String
    /// The HTML page: gets the Content-Security-Policy (scripts and styles from this
    /// coordinator only, no inline script, data fetched from this origin only).
    let isPage: Bool

    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    init(path: String, contentType: String, bytes: [UInt8], isPage: Bool = false) {
        self.path = path
        self.contentType = contentType
        self.bytes = ByteBuffer(bytes: bytes)
        self.etag = "\"" + Self.fnv1a64Hex(bytes) + "\""
        self.isPage = isPage
    }

    func response(to request: Request) -> Response {
        var headers: HTTPFields = [.eTag: etag, .cacheControl: "no-cache", .xContentTypeOptions: "nosniff"]
        if isPage {
            headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
            headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        }
        if let tags = request.headers[.ifNoneMatch], Self.matches(tags, etag) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = contentType
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: bytes))
    }

    /// Whether an `If-None-Match` list (`"a", W/"b"` or `*`) names this entity tag (weak
    /// comparison, as RFC 9110 asks for If-None-Match).
    static func matches(_ header: String, _ etag: String) -> Bool {
        header.split(separator: ",").contains { part in
            var tag = part.trimmingCharacters(in: .whitespaces)
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            return tag == etag
        }
    }

    /// 64-bit FNV-1a as 16 hex digits: an entity tag, not a security measure.
    static func fnv1a64Hex(_ bytes: some Sequence<UInt8>) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
