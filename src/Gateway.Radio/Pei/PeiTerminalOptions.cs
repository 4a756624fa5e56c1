using Gateway.Radio.Sds;

namespace Gateway.Radio.Pei;

/// <summary>Settings of one TETRA terminal driven over its PEI.</summary>
public sealed class PeiTerminalOptions
{
    /// <summary>Device name used in logs and by the stop hook.</summary>
    public string Name { get; set; } = "tetra";

    /// <summary>Talkgroup (GTSI/GSSI digits) selected at start-up; none when null.</summary>
    public string? Talkgroup { get; set; }

    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a text waits for its first delivery report before it counts as not delivered.</summary>
    public TimeSpan ReportTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a delivered text's reference is kept to match a later "consumed" report.</summary>
    public TimeSpan ConsumedReportTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a PTT request waits for <c>+CTXG</c>.</summary>
    public TimeSpan GrantTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest transmission: PTT is released when it runs out (a stuck PTT never blocks the group).</summary>
    public TimeSpan TxTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>SDS PDU limit in bits when <c>AT+CMGS=?</c> does not give one.</summary>
    public int MaxSdsBits { get; set; } = SdsProtocol.MaxType4Bits;

    public SdsDeliveryReportRequest ReportRequest { get; set; } = SdsDeliveryReportRequest.ReceivedAndConsumed;

    /// <summary>Parts of an incoming concatenated text older than this are dropped.</summary>
    public TimeSpan ConcatenationExpiry { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Problems, each naming its key (relative to the terminal's section); empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add($"{nameof(Name)} must not be empty.");
        }

        if (Talkgroup is not null && !PeiFieldReader.IsIdentity(Talkgroup))
        {
            errors.Add($"{nameof(Talkgroup)} '{Talkgroup}' must be digits only.");
        }

        RequirePositive(errors, nameof(CommandTimeout), CommandTimeout);
        RequirePositive(errors, nameof(ReportTimeout), ReportTimeout);
        RequirePositive(errors, nameof(ConsumedReportTimeout), ConsumedReportTimeout);
        RequirePositive(errors, nameof(GrantTimeout), GrantTimeout);
        RequirePositive(errors, nameof(TxTimeout), TxTimeout);
        RequirePositive(errors, nameof(ConcatenationExpiry), ConcatenationExpiry);
        if (MaxSdsBits is < 128 or > SdsProtocol.MaxType4Bits)
        {
            errors.Add($"{nameof(MaxSdsBits)} = {MaxSdsBits} must be 128–{SdsProtocol.MaxType4Bits}.");
        }

        return errors;
    }

    private static void RequirePositive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{key} = {value} must be positive.");
        }
    }
}
