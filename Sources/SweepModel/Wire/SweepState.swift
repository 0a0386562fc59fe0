/// Where a sweep stands. `running` sweeps hand out trials; `paused` ones do not (leased trials
/// finish); `cancelled` ones do not and their leases are told to stop; `finished` = every
/// trial is done or failed. Re-submitting a finished or cancelled sweep makes it running again.
public enum SweepState: String, Codable, Sendable, CaseIterable {
    case running, paused, cancelled, finished
}
