namespace Gateway.Fax.Modem;

/// <summary>Who ends each page with RTC: modems differ (some add it themselves, some expect it in the data).</summary>
public enum RtcSender
{
    /// <summary>The host appends six EOLs to every page's T.4 data.</summary>
    Host,

    /// <summary>The modem adds RTC after <c>&lt;DLE&gt;,</c> / <c>&lt;DLE&gt;.</c>; the host sends lines only.</summary>
    Modem,
}
