using System.Text;
using Gateway.Sip.Message.Headers;

namespace Gateway.Sip.Message;

public sealed class SipResponse : SipMessage
{
    internal SipResponse(int statusCode, ReadOnlyMemory<byte> reasonPhrase, SipHeaderCollection headers, ReadOnlyMemory<byte> body)
        : base(headers, body)
    {
        StatusCode = statusCode;
        ReasonPhraseBytes = reasonPhrase;
    }

    public SipResponse(int statusCode, string reasonPhrase, SipHeaderCollection? headers = null)
        : this(statusCode, Encoding.UTF8.GetBytes(reasonPhrase), headers ?? new SipHeaderCollection(), ReadOnlyMemory<byte>.Empty)
    {
    }

    public override bool IsRequest => false;

    public int StatusCode { get; }

    public ReadOnlyMemory<byte> ReasonPhraseBytes { get; }

    public string ReasonPhrase => Encoding.UTF8.GetString(ReasonPhraseBytes.Span);

    public bool IsProvisional => StatusCode < 200;

    public override string ToString() => base.ToString();
}
