
/// `GET /v1/events`: events after the asked sequence number; pass `next` as `after` to follow.
public struct EventList: Codable, Hashable, Sendable {
    public var events: [SweepEvent]
    public var next: Int64

    public init(events: [SweepEvent], next: Int64) {
        self.events = events
        self.next = next
    }
}
