using Gateway.Core.At;
using Gateway.Radio.Pei;
using Microsoft.Extensions.Logging;

namespace Gateway.Radio.AtPort;

/// <summary>
/// <see cref="IPeiCommandPort"/> over a shared <see cref="AtCommandChannel"/>: every command declares its
/// own response prefix (<c>AT+CMGS=…</c> → <c>+CMGS</c>, <c>AT+CNUMF?</c> → <c>+CNUMF</c>) so its answer
/// stays with it even though the same codes also arrive as URCs; the PEI's URCs are subscribed by prefix
/// and <c>+CTSDSR</c> with its PDU line, delivered as two lines in order.
/// </summary>
public sealed class AtPeiCommandPort : IPeiCommandPort, IDisposable
{
    /// <summary>The URCs the PEI driver handles; <c>+CTSDSR</c> is followed by its hex PDU line.</summary>
    public static readonly IReadOnlyList<string> UrcPrefixes =
        ["+CTICN", "+CTOCP", "+CTCC", "+CTXG", "+CDTXC", "+CTCR", "+CTXI", "+CTXW", "+CNUMF", "+CMGS"];

    public const string SdsHeaderPrefix = "+CTSDSR";

    private readonly AtCommandChannel _channel;
    private readonly ILogger _logger;
    private readonly List<IDisposable> _subscriptions = [];

    public AtPeiCommandPort(AtCommandChannel channel, ILogger<AtPeiCommandPort> logger)
    {
        _channel = channel;
        _logger = logger;
        foreach (var prefix in UrcPrefixes)
        {
            _subscriptions.Add(channel.SubscribeUnsolicited(prefix, OnUrc));
        }

        _subscriptions.Add(channel.SubscribeUnsolicited(SdsHeaderPrefix, OnUrc, hasPayloadLine: true));
        channel.LinkLost += OnLinkLost;
        channel.LinkRestored += OnLinkRestored;
    }

    public event Action<string>? UnsolicitedLine;

    /// <summary>The link went away; commands fail until <see cref="LinkRestored"/>.</summary>
    public event Action? LinkLost;

    /// <summary>The link is back: the terminal must run its start-up again.</summary>
    public event Action? LinkRestored;

    public async Task<PeiResponse> SendAsync(string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _channel.ExecuteAsync(ToAtCommand(command, timeout), cancellationToken).ConfigureAwait(false);
            return ToPeiResponse(response);
        }
        catch (AtTimeoutException)
        {
            return PeiResponse.TimedOut;
        }
    }

    public async Task<PeiResponse> SendWithPayloadAsync(string command, string payload, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _channel.ExecuteWithPromptAsync(ToAtCommand(command, timeout), payload, cancellationToken).ConfigureAwait(false);
            return ToPeiResponse(response);
        }
        catch (AtTimeoutException)
        {
            return PeiResponse.TimedOut;
        }
    }

    public void Dispose()
    {
        _channel.LinkLost -= OnLinkLost;
        _channel.LinkRestored -= OnLinkRestored;
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        _subscriptions.Clear();
    }

    /// <summary><c>AT+NAME=…</c>, <c>AT+NAME?</c>, <c>AT+NAME=?</c> → <c>+NAME</c>; null for basic commands (ATD, ATA, ATH).</summary>
    internal static string? ResponsePrefixOf(string command)
    {
        if (command.Length < 4 || !command.StartsWith("AT+", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var end = command.AsSpan(3).IndexOfAny('=', '?');
        var name = end < 0 ? command.AsSpan(3) : command.AsSpan(3, end);
        return name.IsEmpty ? null : string.Concat("+", name);
    }

    private static AtCommand ToAtCommand(string command, TimeSpan timeout) =>
        new(command) { Timeout = timeout, ResponsePrefix = ResponsePrefixOf(command) };

    private static PeiResponse ToPeiResponse(AtResponse response) => response.Result switch
    {
        AtResultCode.Ok => new PeiResponse(PeiResultKind.Ok, response.Lines),
        _ => new PeiResponse(PeiResultKind.Error, response.Lines, response.ErrorNumber),
    };

    private void OnUrc(in AtUnsolicitedMessage message)
    {
        var handler = UnsolicitedLine;
        if (handler is null)
        {
            return;
        }

        handler(message.LineText());
        if (message.HasPayloadLine)
        {
            handler(message.PayloadText());
        }
    }

    private void OnLinkLost(AtLinkLostException exception)
    {
        _logger.LogWarning("PEI link lost: {Reason}", exception.Message);
        LinkLost?.Invoke();
    }

    private void OnLinkRestored() => LinkRestored?.Invoke();
}
