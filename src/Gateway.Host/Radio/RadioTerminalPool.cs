using System.Collections.Concurrent;
using Gateway.Radio.AtPort;
using Gateway.Radio.Pei;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Radio;

/// <summary>One text handed to the pool: which terminal took it and how it ended.</summary>
public sealed class RadioTextSend(string id, string to, string text)
{
    private readonly TaskCompletionSource<SdsSendResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Id { get; } = id;

    public string To { get; } = to;

    public string Text { get; } = text;

    /// <summary>The terminal sending it; null while queued.</summary>
    public string? Terminal { get; internal set; }

    public Task<SdsSendResult> Result => _result.Task;

    private int _started;

    internal bool TryMarkStarted() => Interlocked.Exchange(ref _started, 1) == 0;

    internal void Complete(SdsSendResult result) => _result.TrySetResult(result);

    internal void Fail(Exception exception) => _result.TrySetException(exception);
}

/// <summary>
/// The text-capable terminals: each text goes to the ready terminal with the fewest texts in flight; when every
/// terminal has <see cref="RadioOptions.MaxSendsPerTerminal"/> in flight, texts queue in arrival order. A text is
/// sent once per id (the dispatch delivery key), whatever terminal takes it.
/// </summary>
public sealed class RadioTerminalPool(IOptions<RadioOptions> options, RadioEventLog events, ILogger<RadioTerminalPool> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, RadioTextSend> _sends = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<SupervisedPeiTerminal, int> _inFlight = new();
    private readonly List<SupervisedPeiTerminal> _terminals = [];
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _slots = new(0);

    public IReadOnlyList<SupervisedPeiTerminal> Terminals
    {
        get
        {
            lock (_gate)
            {
                return _terminals.ToArray();
            }
        }
    }

    public void Add(SupervisedPeiTerminal terminal, RadioTerminalRole role)
    {
        lock (_gate)
        {
            _terminals.Add(terminal);
            if (role != RadioTerminalRole.Voice)
            {
                _inFlight[terminal] = 0;
                _slots.Release(options.Value.MaxSendsPerTerminal);
            }
        }
    }

    public RadioTextSend? Find(string id) => _sends.GetValueOrDefault(id);

    /// <summary>Queues a text; returns at once with the send (a second call with the same id returns the first).</summary>
    public RadioTextSend Send(string id, string to, string text, CancellationToken stopping)
    {
        var send = _sends.GetOrAdd(id, key => new RadioTextSend(key, to, text));
        if (send.TryMarkStarted())
            _ = RunAsync(send, stopping);
        return send;
    }

    private async Task RunAsync(RadioTextSend send, CancellationToken stopping)
    {
        try
        {
            if (_inFlight.IsEmpty)
                throw new InvalidOperationException("no radio terminal for texts is configured");
            await _slots.WaitAsync(stopping).ConfigureAwait(false);
            var terminal = Pick();
            send.Terminal = terminal.Name;
            try
            {
                var result = await terminal.SendTextAsync(send.Id, send.To, send.Text, stopping).ConfigureAwait(false);
                send.Complete(result);
                Record(send, terminal.Name, result);
            }
            finally
            {
                _inFlight.AddOrUpdate(terminal, 0, (_, n) => n - 1);
                terminal.ForgetKey(send.Id);
                _slots.Release();
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Text {Id} to {To} not sent", send.Id, send.To);
            events.Add(RadioEventKind.Failed, send.Terminal ?? "-", send.To, send.Id, detail: ex.Message);
            send.Fail(ex);
        }
    }

    private SupervisedPeiTerminal Pick()
    {
        lock (_gate)
        {
            var best = _inFlight
                .OrderByDescending(p => p.Key.IsReady)
                .ThenBy(p => p.Value)
                .First().Key;
            _inFlight[best]++;
            return best;
        }
    }

    private void Record(RadioTextSend send, string terminal, SdsSendResult result)
    {
        var references = result.References.Select(r => (int)r).ToArray();
        var kind = result.Outcome switch
        {
            SdsSendOutcome.Received => RadioEventKind.Delivered,
            SdsSendOutcome.Consumed => RadioEventKind.Consumed,
            SdsSendOutcome.Sent => RadioEventKind.Sent,
            _ => RadioEventKind.Failed,
        };
        events.Add(kind, terminal, send.To, send.Id, references, result.Outcome.ToString(), detail: result.DeliveryStatus is { } status ? $"delivery status 0x{status:X2}" : null);
    }

    public void Dispose() => _slots.Dispose();
}
