using Gateway.Radio.Sds;

namespace Gateway.Radio.Pei;

/// <summary>
/// Hands out SDS-TL message references and matches SDS-REPORTs to the texts that used them.
/// Each submission has one <see cref="TaskCompletionSource{T}"/> completed by the first decisive
/// report (all parts received, consumed, or any failure) or by the report timeout; after
/// "received" its references stay a while longer so a later "consumed" still maps to the
/// destination. Thread-safe: reports come from the URC loop, timeouts from timers.
/// </summary>
internal sealed class SdsReportTracker : IDisposable
{
    private readonly object _sync = new();
    private readonly Dictionary<byte, Submission> _byReference = [];
    private readonly TimeProvider _time;
    private readonly PeiTerminalOptions _options;
    private byte _nextReference = 1;

    public SdsReportTracker(TimeProvider time, PeiTerminalOptions options)
    {
        _time = time;
        _options = options;
    }

    public event Action<SdsDeliveryEvent>? DeliveryReported;

    public int PendingReferences
    {
        get
        {
            lock (_sync)
            {
                return _byReference.Count;
            }
        }
    }

    /// <summary>Next free reference (skipping ones still awaiting a report).</summary>
    /// <exception cref="InvalidOperationException">All 256 references are awaiting reports.</exception>
    public byte NextReference()
    {
        lock (_sync)
        {
            for (var i = 0; i < 256; i++)
            {
                var candidate = _nextReference++;
                if (!_byReference.ContainsKey(candidate))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException("All 256 SDS message references are awaiting reports.");
        }
    }

    /// <summary>Registers the parts before they are sent (a report can arrive before the OK).</summary>
    public Task<SdsSendResult> Track(string destination, IReadOnlyList<byte> references)
    {
        var submission = new Submission(destination, references, _options.ReportRequest);
        lock (_sync)
        {
            foreach (var reference in references)
            {
                _byReference[reference] = submission;
            }

            submission.Timer = _time.CreateTimer(static state => ((TimerState)state!).Fire(), new TimerState(this, submission), _options.ReportTimeout, Timeout.InfiniteTimeSpan);
        }

        return submission.Completion.Task;
    }

    /// <summary>The terminal accepted every part and no report was asked for.</summary>
    public void MarkSentWithoutReport(IReadOnlyList<byte> references) =>
        Finish(references, SdsSendOutcome.Sent, null);

    public void MarkRejected(IReadOnlyList<byte> references) =>
        Finish(references, SdsSendOutcome.Rejected, null);

    public void AbortAll()
    {
        Submission[] all;
        lock (_sync)
        {
            all = [.. _byReference.Values.Distinct()];
        }

        foreach (var submission in all)
        {
            Finish(submission.References, SdsSendOutcome.Aborted, null);
        }
    }

    /// <summary>Applies a report; false when its reference is not awaited.</summary>
    public bool ApplyReport(byte reference, SdsDeliveryOutcome outcome, byte? status)
    {
        SdsDeliveryEvent? notice = null;
        SdsSendResult? result = null;
        Submission? submission;
        lock (_sync)
        {
            if (!_byReference.TryGetValue(reference, out submission))
            {
                return false;
            }

            notice = new SdsDeliveryEvent(submission.Destination, reference, outcome, status);
            switch (outcome)
            {
                case SdsDeliveryOutcome.Received:
                    submission.Received.Add(reference);
                    if (submission.Received.Count == submission.References.Count)
                    {
                        result = new SdsSendResult(SdsSendOutcome.Received, submission.References);
                        if (submission.ReportRequest == SdsDeliveryReportRequest.Received)
                        {
                            ForgetLocked(submission);
                        }
                        else
                        {
                            submission.Timer?.Change(_options.ConsumedReportTimeout, Timeout.InfiniteTimeSpan);
                        }
                    }

                    break;
                case SdsDeliveryOutcome.Consumed:
                    submission.Received.Add(reference);
                    submission.Consumed.Add(reference);
                    _byReference.Remove(reference);
                    if (submission.Consumed.Count == submission.References.Count)
                    {
                        result = new SdsSendResult(SdsSendOutcome.Consumed, submission.References);
                        ForgetLocked(submission);
                    }

                    break;
                case SdsDeliveryOutcome.Failed:
                    result = new SdsSendResult(SdsSendOutcome.Failed, submission.References, status);
                    ForgetLocked(submission);
                    break;
                default:
                    break; // stored by the network / flow control: wait for more
            }
        }

        DeliveryReported?.Invoke(notice);
        if (result is not null)
        {
            submission.Completion.TrySetResult(result);
        }

        return true;
    }

    public void Dispose()
    {
        lock (_sync)
        {
            foreach (var submission in _byReference.Values)
            {
                submission.Timer?.Dispose();
            }
        }
    }

    private void OnTimer(Submission submission)
    {
        bool timedOut;
        lock (_sync)
        {
            if (submission.Forgotten)
            {
                return;
            }

            timedOut = !submission.Completion.Task.IsCompleted;
            ForgetLocked(submission);
        }

        if (timedOut)
        {
            DeliveryReported?.Invoke(new SdsDeliveryEvent(submission.Destination, submission.References[0], SdsDeliveryOutcome.Failed, null, TimedOut: true));
            submission.Completion.TrySetResult(new SdsSendResult(SdsSendOutcome.TimedOut, submission.References));
        }
    }

    private void Finish(IReadOnlyList<byte> references, SdsSendOutcome outcome, byte? status)
    {
        Submission? submission = null;
        lock (_sync)
        {
            foreach (var reference in references)
            {
                if (_byReference.TryGetValue(reference, out var found))
                {
                    submission = found;
                    break;
                }
            }

            if (submission is null)
            {
                return;
            }

            ForgetLocked(submission);
        }

        submission.Completion.TrySetResult(new SdsSendResult(outcome, submission.References, status));
    }

    private void ForgetLocked(Submission submission)
    {
        submission.Forgotten = true;
        submission.Timer?.Dispose();
        foreach (var reference in submission.References)
        {
            if (_byReference.TryGetValue(reference, out var owner) && ReferenceEquals(owner, submission))
            {
                _byReference.Remove(reference);
            }
        }
    }

    private sealed class Submission(string destination, IReadOnlyList<byte> references, SdsDeliveryReportRequest reportRequest)
    {
        public string Destination { get; } = destination;

        public IReadOnlyList<byte> References { get; } = references;

        public SdsDeliveryReportRequest ReportRequest { get; } = reportRequest;

        public HashSet<byte> Received { get; } = [];

        public HashSet<byte> Consumed { get; } = [];

        public TaskCompletionSource<SdsSendResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ITimer? Timer { get; set; }

        public bool Forgotten { get; set; }
    }

    private sealed record TimerState(SdsReportTracker Tracker, Submission Submission)
    {
        public void Fire() => Tracker.OnTimer(Submission);
    }
}
