using System.Text;
using Gateway.Sip.Message.Headers;

namespace Gateway.Sip.Message;

public sealed class SipRequest : SipMessage
{
    private SipUri? _requestUri;

    internal SipRequest(string method, ReadOnlyMemory<byte> requestUri, ReadOnlyMemory<byte> version, SipHeaderCollection headers, ReadOnlyMemory<byte> body)
        : base(headers, body)
    {
        Method = method;
        RequestUriBytes = requestUri;
        VersionBytes = version;
    }

    public SipRequest(string method, SipUri requestUri, SipHeaderCollection? headers = null)
        : base(headers ?? new SipHeaderCollection(), ReadOnlyMemory<byte>.Empty)
    {
        Method = method;
        RequestUri = requestUri;
        VersionBytes = "SIP/2.0"u8.ToArray();
    }

    public override bool IsRequest => true;

    public string Method { get; set; }

    /// <summary>The Request-URI exactly as received (or as last set).</summary>
    public ReadOnlyMemory<byte> RequestUriBytes { get; private set; }

    internal ReadOnlyMemory<byte> VersionBytes { get; }

    /// <summary>The parsed Request-URI, or null if it is malformed.</summary>
    public SipUri? RequestUri
    {
        get
        {
            if (_requestUri is null && SipUri.TryParse(RequestUriBytes.Span, out var uri)) _requestUri = uri;
            return _requestUri;
        }
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _requestUri = value;
            RequestUriBytes = Encoding.UTF8.GetBytes(value.ToString());
        }
    }

    public override string ToString() => base.ToString();
}
