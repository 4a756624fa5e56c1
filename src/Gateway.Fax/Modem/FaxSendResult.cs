namespace Gateway.Fax.Modem;

/// <summary>The result of one call attempt by a fax modem.</summary>
public sealed record FaxSendResult(
    FaxSendOutcome Outcome,
    string Reason,
    FaxHangupCode? Hangup,
    IReadOnlyList<FaxPageResult> Pages,
    int PageCount)
{
    /// <summary>Delivered means +FHS:00 and every page confirmed; nothing else counts.</summary>
    public bool IsDelivered => Outcome == FaxSendOutcome.Delivered;

    public int PagesConfirmed => Pages.Count(page => page.IsConfirmed);

    /// <summary>Whether another attempt later may succeed (busy, no answer, carrier loss, phase B–D failures).</summary>
    public bool IsRetryable => Outcome switch
    {
        FaxSendOutcome.Busy or FaxSendOutcome.NoAnswer or FaxSendOutcome.NoCarrier or FaxSendOutcome.PageNotConfirmed
            or FaxSendOutcome.FlowControlTimeout or FaxSendOutcome.ModemFailure or FaxSendOutcome.NoDialtone => true,
        FaxSendOutcome.HangupError => Hangup?.IsRetryable ?? true,
        _ => false,
    };
}
