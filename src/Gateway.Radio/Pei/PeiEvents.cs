using Gateway.Radio.Sds;

namespace Gateway.Radio.Pei;

/// <summary>Final answer to a text send.</summary>
public enum SdsSendOutcome
{
    /// <summary>Sent; no delivery report was requested.</summary>
    Sent,
    Received,
    Consumed,
    Failed,

    /// <summary>The terminal refused the command (ERROR / +CME ERROR / no answer).</summary>
    Rejected,
    TimedOut,

    /// <summary>The terminal stopped before a report came.</summary>
    Aborted,
}

/// <param name="References">Message reference of every part, in order.</param>
/// <param name="DeliveryStatus">The SDS-REPORT delivery status octet behind a failure, when there was one.</param>
public sealed record SdsSendResult(SdsSendOutcome Outcome, IReadOnlyList<byte> References, byte? DeliveryStatus = null);

/// <summary>A delivery report (or its absence) for one sent part.</summary>
public sealed record SdsDeliveryEvent(string Destination, byte MessageReference, SdsDeliveryOutcome Outcome, byte? DeliveryStatus, bool TimedOut = false);

/// <summary>A status message from a unit; <see cref="State"/> when the value is mapped to an order state.</summary>
public sealed record PeiStatusEvent(string? Source, string Destination, ushort Value, OrderStatusState? State);

/// <summary>A complete incoming text (concatenated parts already joined).</summary>
public sealed record PeiTextEvent(string? Source, string Destination, string Text);

/// <summary>Result of a PTT request.</summary>
public enum PeiPttResult
{
    Granted,
    NotGranted,
    GrantedToAnother,
    TimedOut,
    CommandFailed,
}

/// <summary>A mandatory PEI command failed.</summary>
public sealed class PeiCommandException(string command, PeiResponse response)
    : Exception($"'{command}' failed: {response.Result}{(response.ErrorCode is { } code ? $" (+CME ERROR {code})" : string.Empty)}")
{
    public string Command { get; } = command;

    public PeiResponse Response { get; } = response;
}
