/// Lease ids: 32 lowercase hex digits, random (unguessable), one per grant.
public enum LeaseID {
    public static func isWellFormed(_ s: String) -> Bool { TrialID.isWellFormed(s) }
}
