using System.Globalization;
using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;

namespace Gateway.Sip.UserAgent;

/// <summary>RFC 4028 Session-Expires value: interval in seconds and who refreshes ("uac"/"uas", or unset).</summary>
public readonly record struct SessionExpires(int Seconds, string? Refresher)
{
    public static SessionExpires? From(SipMessage message)
    {
        if (message.Headers.GetFirstText(SipHeaderId.SessionExpires) is not { } text) return null;
        var parts = text.Split(';', StringSplitOptions.TrimEntries);
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0) return null;
        string? refresher = null;
        foreach (var part in parts.AsSpan(1))
        {
            if (part.StartsWith("refresher=", StringComparison.OrdinalIgnoreCase)) refresher = part["refresher=".Length..].ToLowerInvariant();
        }
        return new SessionExpires(seconds, refresher);
    }

    public static int? MinSe(SipMessage message) =>
        message.Headers.GetFirstText(SipHeaderId.MinSE) is { } text && int.TryParse(text.Split(';')[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    public override string ToString() => Refresher is null
        ? Seconds.ToString(CultureInfo.InvariantCulture)
        : $"{Seconds.ToString(CultureInfo.InvariantCulture)};refresher={Refresher}";
}
