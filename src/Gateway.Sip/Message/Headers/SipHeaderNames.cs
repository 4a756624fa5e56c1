using System.Text;

namespace Gateway.Sip.Message.Headers;

/// <summary>Maps header names (full and compact, any case) to <see cref="SipHeaderId"/> and back.</summary>
public static class SipHeaderNames
{
    private sealed record Entry(SipHeaderId Id, string Name, bool IsList);

    private static readonly Entry[] Entries =
    [
        new(SipHeaderId.Accept, "Accept", true),
        new(SipHeaderId.AcceptEncoding, "Accept-Encoding", true),
        new(SipHeaderId.AcceptLanguage, "Accept-Language", true),
        new(SipHeaderId.AlertInfo, "Alert-Info", true),
        new(SipHeaderId.Allow, "Allow", true),
        new(SipHeaderId.AllowEvents, "Allow-Events", true),
        new(SipHeaderId.AuthenticationInfo, "Authentication-Info", false),
        new(SipHeaderId.Authorization, "Authorization", false),
        new(SipHeaderId.CallId, "Call-ID", false),
        new(SipHeaderId.CallInfo, "Call-Info", true),
        new(SipHeaderId.Contact, "Contact", true),
        new(SipHeaderId.ContentDisposition, "Content-Disposition", false),
        new(SipHeaderId.ContentEncoding, "Content-Encoding", true),
        new(SipHeaderId.ContentLanguage, "Content-Language", true),
        new(SipHeaderId.ContentLength, "Content-Length", false),
        new(SipHeaderId.ContentType, "Content-Type", false),
        new(SipHeaderId.CSeq, "CSeq", false),
        new(SipHeaderId.Date, "Date", false),
        new(SipHeaderId.ErrorInfo, "Error-Info", true),
        new(SipHeaderId.Event, "Event", false),
        new(SipHeaderId.Expires, "Expires", false),
        new(SipHeaderId.From, "From", false),
        new(SipHeaderId.Identity, "Identity", false),
        new(SipHeaderId.InReplyTo, "In-Reply-To", true),
        new(SipHeaderId.MaxForwards, "Max-Forwards", false),
        new(SipHeaderId.MinExpires, "Min-Expires", false),
        new(SipHeaderId.MinSE, "Min-SE", false),
        new(SipHeaderId.MimeVersion, "MIME-Version", false),
        new(SipHeaderId.Organization, "Organization", false),
        new(SipHeaderId.PAssertedIdentity, "P-Asserted-Identity", true),
        new(SipHeaderId.PPreferredIdentity, "P-Preferred-Identity", true),
        new(SipHeaderId.Priority, "Priority", false),
        new(SipHeaderId.Privacy, "Privacy", false),
        new(SipHeaderId.ProxyAuthenticate, "Proxy-Authenticate", false),
        new(SipHeaderId.ProxyAuthorization, "Proxy-Authorization", false),
        new(SipHeaderId.ProxyRequire, "Proxy-Require", true),
        new(SipHeaderId.RAck, "RAck", false),
        new(SipHeaderId.Reason, "Reason", true),
        new(SipHeaderId.RecordRoute, "Record-Route", true),
        new(SipHeaderId.ReferredBy, "Referred-By", false),
        new(SipHeaderId.ReferTo, "Refer-To", false),
        new(SipHeaderId.Replaces, "Replaces", false),
        new(SipHeaderId.ReplyTo, "Reply-To", false),
        new(SipHeaderId.Require, "Require", true),
        new(SipHeaderId.RetryAfter, "Retry-After", false),
        new(SipHeaderId.Route, "Route", true),
        new(SipHeaderId.RSeq, "RSeq", false),
        new(SipHeaderId.Server, "Server", false),
        new(SipHeaderId.SessionExpires, "Session-Expires", false),
        new(SipHeaderId.Subject, "Subject", false),
        new(SipHeaderId.Supported, "Supported", true),
        new(SipHeaderId.Timestamp, "Timestamp", false),
        new(SipHeaderId.To, "To", false),
        new(SipHeaderId.Unsupported, "Unsupported", true),
        new(SipHeaderId.UserAgent, "User-Agent", false),
        new(SipHeaderId.Via, "Via", true),
        new(SipHeaderId.Warning, "Warning", true),
        new(SipHeaderId.WwwAuthenticate, "WWW-Authenticate", false),
    ];

    // RFC 3261 §7.3.3 and later RFCs: i m f t v l c k s e o u r b x y (+ a Accept-Contact is not handled).
    private static readonly (char Letter, SipHeaderId Id)[] CompactForms =
    [
        ('i', SipHeaderId.CallId), ('m', SipHeaderId.Contact), ('f', SipHeaderId.From), ('t', SipHeaderId.To),
        ('v', SipHeaderId.Via), ('l', SipHeaderId.ContentLength), ('c', SipHeaderId.ContentType),
        ('k', SipHeaderId.Supported), ('s', SipHeaderId.Subject), ('e', SipHeaderId.ContentEncoding),
        ('o', SipHeaderId.Event), ('u', SipHeaderId.AllowEvents), ('r', SipHeaderId.ReferTo),
        ('b', SipHeaderId.ReferredBy), ('x', SipHeaderId.SessionExpires), ('y', SipHeaderId.Identity),
    ];

    private static readonly SipHeaderId[] CompactTable = BuildCompactTable();
    private static readonly byte[][] CanonicalBytes = BuildCanonicalBytes();
    private static readonly bool[] ListFlags = BuildListFlags();
    // Candidates indexed by name length, then compared from the first letter: no hashing per header line.
    private static readonly Entry[][] ByLength = BuildLengthTable();

    private static Entry[][] BuildLengthTable()
    {
        var table = new Entry[Entries.Max(e => e.Name.Length) + 1][];
        for (var length = 0; length < table.Length; length++) table[length] = Entries.Where(e => e.Name.Length == length).ToArray();
        return table;
    }

    private static SipHeaderId[] BuildCompactTable()
    {
        var table = new SipHeaderId[128];
        foreach (var (letter, id) in CompactForms) table[letter] = id;
        return table;
    }

    private static byte[][] BuildCanonicalBytes()
    {
        var result = new byte[Enum.GetValues<SipHeaderId>().Length][];
        result[0] = [];
        foreach (var entry in Entries) result[(int)entry.Id] = Encoding.ASCII.GetBytes(entry.Name);
        return result;
    }

    private static bool[] BuildListFlags()
    {
        var result = new bool[Enum.GetValues<SipHeaderId>().Length];
        foreach (var entry in Entries) result[(int)entry.Id] = entry.IsList;
        return result;
    }

    /// <summary>Identifies a header by name; unknown names give <see cref="SipHeaderId.Extension"/>. Allocation free.</summary>
    public static SipHeaderId Identify(ReadOnlySpan<byte> name)
    {
        if (name.Length == 1)
        {
            var letter = name[0] | 0x20;
            return letter < 128 ? CompactTable[letter] : SipHeaderId.Extension;
        }
        if (name.Length >= ByLength.Length) return SipHeaderId.Extension;
        var first = name[0] | 0x20;
        foreach (var candidate in ByLength[name.Length])
        {
            if ((candidate.Name[0] | 0x20) == first && EqualsIgnoreCase(name, candidate.Name)) return candidate.Id;
        }
        return SipHeaderId.Extension;
    }

    public static ReadOnlyMemory<byte> CanonicalName(SipHeaderId id) => CanonicalBytes[(int)id];

    public static string CanonicalText(SipHeaderId id) => Encoding.ASCII.GetString(CanonicalBytes[(int)id]);

    /// <summary>Whether the header's grammar is a comma-separated list (RFC 3261 §7.3.1); auth headers are not.</summary>
    public static bool IsList(SipHeaderId id) => ListFlags[(int)id];

    private static bool EqualsIgnoreCase(ReadOnlySpan<byte> name, string candidate)
    {
        for (var i = 0; i < name.Length; i++)
        {
            if ((name[i] | 0x20) != (candidate[i] | 0x20)) return false;
        }
        return true;
    }
}
