using Gateway.Sip.Transaction;

namespace Gateway.Sip.UserAgent;

public sealed record SipUserAgentOptions
{
    /// <summary>User-Agent / Server header value.</summary>
    public string Product { get; init; } = "EmergencyGateway";
    public SipTimerSettings Timers { get; init; } = SipTimerSettings.Default;
    /// <summary>RFC 4028: the session interval we ask for and accept (carriers use 900–1800 s).</summary>
    public TimeSpan SessionExpires { get; init; } = TimeSpan.FromSeconds(1800);
    /// <summary>RFC 4028 §5: the smallest interval we accept; smaller requests get 422 with this Min-SE.</summary>
    public TimeSpan MinSessionExpires { get; init; } = TimeSpan.FromSeconds(90);

    public const string AllowedMethods = "INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, UPDATE, PRACK, REFER, NOTIFY";
    public const string SupportedExtensions = "timer, 100rel, replaces";
}
