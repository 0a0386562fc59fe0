import SweepModel

/// What a `LocalSweep` reports while it runs, for the caller to show (the CLI prints lines and
/// a progress bar; tests collect them).
public enum LocalSweepEvent: Sendable {
    /// The grid is submitted: its trial count, how many were new, how many were finished before,
    /// and how many remain for `slots` training slots.
    case submitted(sweep: String, trials: Int, new: Int, alreadyFinished: Int, remaining: Int, slots: Int, database: String)
    /// The sweep's counts, about every 250 ms while trials train.
    case progress(SweepStatus)
    /// Training is over (every trial finished, or interrupted): the last counts.
    case trainingEnded(SweepStatus)
    /// Trials run here, in `seconds`; the share of the slots' time spent training (the rest is
    /// leasing, posting and waiting for the last trials).
    case ran(trials: Int, seconds: Double, trainingShare: Double?, slots: Int)
    /// Stopped by a graceful shutdown (Ctrl-C): what is saved and what a rerun would do.
    case interrupted(finished: Int, trials: Int, remaining: Int, database: String)
    /// Stopped on the first graceful shutdown: trials in progress are being released.
    case interrupting
    /// The outputs are written: results.jsonl and the phase tables (the Markdown of the first).
    case wrote(paths: [String], phaseMarkdown: String, done: Int, failed: Int)
}
