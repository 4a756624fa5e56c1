using System.Text;
using Gateway.Sip.Message.Syntax;

namespace Gateway.Sip.Message.Headers;

/// <summary>
/// One header line: its id, the name as written on the wire (may be compact) and the raw value, both slices of
/// the received buffer (or of a small array for headers added locally). Folding is kept in the raw value.
/// </summary>
public readonly struct SipHeader
{
    public SipHeader(SipHeaderId id, ReadOnlyMemory<byte> name, ReadOnlyMemory<byte> value)
    {
        Id = id;
        Name = name;
        Value = value;
    }

    public SipHeaderId Id { get; }
    public ReadOnlyMemory<byte> Name { get; }
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>The value as text with folding collapsed to single spaces.</summary>
    public string ValueText => SipLexer.ToText(Value.Span);

    public string NameText => Encoding.ASCII.GetString(Name.Span);

    public static SipHeader Create(SipHeaderId id, string value) =>
        new(id, SipHeaderNames.CanonicalName(id), Encoding.UTF8.GetBytes(value));

    public static SipHeader Create(string name, string value)
    {
        var nameBytes = Encoding.ASCII.GetBytes(name);
        return new SipHeader(SipHeaderNames.Identify(nameBytes), nameBytes, Encoding.UTF8.GetBytes(value));
    }

    public override string ToString() => $"{NameText}: {ValueText}";
}
