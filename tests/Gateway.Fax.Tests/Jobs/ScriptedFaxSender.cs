using System.Collections.Concurrent;
using Gateway.Fax.Imaging;
using Gateway.Fax.Modem;

namespace Gateway.Fax.Tests.Jobs;

/// <summary>A fax sender answering from a script of outcomes (then Delivered), recording each call.</summary>
internal sealed class ScriptedFaxSender(params FaxSendOutcome[] script) : IFaxSender
{
    private readonly ConcurrentQueue<FaxSendOutcome> _script = new(script);

    public ConcurrentQueue<string> Calls { get; } = new();

    public Task<FaxSendResult> SendAsync(string number, IReadOnlyList<FaxBitmap> pages, FaxResolution pageResolution, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue(number);
        FaxSendOutcome outcome = _script.TryDequeue(out FaxSendOutcome next) ? next : FaxSendOutcome.Delivered;
        FaxPageResult[] confirmed = outcome == FaxSendOutcome.Delivered
            ? [.. Enumerable.Range(1, pages.Count).Select(page => new FaxPageResult(page, FaxPageResult.MessageConfirmation, 100))]
            : [];
        FaxHangupCode? hangup = outcome == FaxSendOutcome.Delivered ? FaxHangupCode.Normal : null;
        return Task.FromResult(new FaxSendResult(outcome, outcome.ToString(), hangup, confirmed, pages.Count));
    }
}
