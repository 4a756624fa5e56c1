using System.Globalization;

namespace Gateway.Radio.Pei;

/// <summary>What kind of circuit-mode call <c>AT+CTSDC</c> prepares.</summary>
public enum PeiCallKind
{
    /// <summary>Point-to-multipoint talkgroup call (comms type 1), simplex, PTT.</summary>
    Group,

    /// <summary>Individual simplex call with hook signalling (comms type 0), PTT.</summary>
    IndividualSimplex,

    /// <summary>Individual duplex call with hook signalling, like a phone call.</summary>
    IndividualDuplex,
}

/// <summary>
/// Builds the PEI commands the driver sends (EN 300 392-5), without the trailing CR: the command
/// port appends it. Identities are validated here so nothing but digits reaches the radio.
/// </summary>
public static class PeiCommands
{
    public const string TrunkedMode = "AT+CTOM=0";
    public const string RouteVoiceToPei = "AT+CTSP=2,0,0";
    public const string RouteSdsType4ToPei = "AT+CTSP=1,3,24";
    public const string RouteSdsType4ReportsToPei = "AT+CTSP=1,3,25";
    public const string RouteStatusToPei = "AT+CTSP=1,2,20";
    public const string RouteTextToPei = "AT+CTSP=1,3,130";
    public const string QueryOwnIdentity = "AT+CNUMF?";
    public const string QuerySdsLimits = "AT+CMGS=?";
    public const string SelectSdsType4 = "AT+CTSDS=12,0,0,0,1";
    public const string SelectStatus = "AT+CTSDS=13,0";
    public const string Answer = "ATA";
    public const string HangUp = "ATH";

    /// <summary>The start-up sequence, in order.</summary>
    public static readonly IReadOnlyList<string> StartUp =
    [
        TrunkedMode,
        RouteVoiceToPei,
        RouteSdsType4ToPei,
        RouteSdsType4ReportsToPei,
        RouteStatusToPei,
        RouteTextToPei,
        QueryOwnIdentity,
        QuerySdsLimits,
    ];

    public static string SelectTalkgroup(string gtsi) => $"AT+CTGS=1,{Identity(gtsi)}";

    /// <summary>
    /// <c>AT+CTSDC=&lt;AI service 0 speech&gt;,&lt;called type 0 SSI&gt;,&lt;area 0&gt;,&lt;hook&gt;,&lt;simplex&gt;,&lt;e2ee 0&gt;,&lt;comms type&gt;,&lt;slots 1&gt;,&lt;RqTx 0&gt;,&lt;priority&gt;,&lt;CLIR 0&gt;</c>
    /// </summary>
    public static string CallSetup(PeiCallKind kind, int priority)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(priority);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(priority, 15);
        var (hook, simplex, commsType) = kind switch
        {
            PeiCallKind.Group => (1, 1, 1), // as SvxLink sets up group calls
            PeiCallKind.IndividualSimplex => (1, 1, 0),
            _ => (1, 0, 0),
        };
        return string.Create(CultureInfo.InvariantCulture, $"AT+CTSDC=0,0,0,{hook},{simplex},0,{commsType},1,0,{priority},0");
    }

    public static string Dial(string ssi) => $"ATD{Identity(ssi)}";

    public static string TransmitDemand(int ccInstance, PeiTxPriority priority) =>
        string.Create(CultureInfo.InvariantCulture, $"AT+CTXD={ccInstance},{(int)priority}");

    public static string TransmitCease(int ccInstance) =>
        string.Create(CultureInfo.InvariantCulture, $"AT+CUTXC={ccInstance}");

    public static string SendSds(string destination, int bits) =>
        string.Create(CultureInfo.InvariantCulture, $"AT+CMGS={Identity(destination)},{bits}");

    /// <summary>Writes <c>AT+CMGS=&lt;dest&gt;,&lt;bits&gt;</c> into <paramref name="destination"/> without allocating.</summary>
    public static bool TryWriteSendSds(Span<char> destination, ReadOnlySpan<char> identity, int bits, out int written)
    {
        written = 0;
        if (!PeiFieldReader.IsIdentity(identity))
        {
            return false;
        }

        return destination.TryWrite(CultureInfo.InvariantCulture, $"AT+CMGS={identity},{bits}", out written);
    }

    private static string Identity(string identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (!PeiFieldReader.IsIdentity(identity))
        {
            throw new ArgumentException($"'{identity}' is not a TETRA identity (digits only).", nameof(identity));
        }

        return identity;
    }
}
