namespace Gateway.Sip.Message;

/// <summary>Bounds that keep a hostile peer from making the parser work or allocate without limit.</summary>
public sealed record SipParseLimits
{
    public static SipParseLimits Default { get; } = new();

    /// <summary>Headers plus body; the largest UDP payload by default.</summary>
    public int MaxMessageSize { get; init; } = 65535;
    public int MaxHeaderCount { get; init; } = 128;
    /// <summary>One physical line (folded headers may span several).</summary>
    public int MaxLineLength { get; init; } = 8192;
}
