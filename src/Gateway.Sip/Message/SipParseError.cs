namespace Gateway.Sip.Message;

/// <summary>Why a buffer did not give a well-formed message. The parser never throws on wire input.</summary>
public enum SipParseError
{
    None = 0,
    /// <summary>Stream framing only: the message is not complete yet; read more and parse again.</summary>
    NeedMoreData,
    Empty,
    MessageTooLarge,
    LineTooLong,
    TooManyHeaders,
    InvalidRequestLine,
    InvalidStatusLine,
    UnsupportedVersion,
    InvalidHeaderLine,
    MissingEmptyLine,
    InvalidContentLength,
    DuplicateContentLength,
    ContentLengthExceedsDatagram,
    MissingContentLength,
}

public static class SipParseErrorExtensions
{
    /// <summary>A short reason phrase for a 400 reply that names the problem.</summary>
    public static string ToReasonPhrase(this SipParseError error) => error switch
    {
        SipParseError.MessageTooLarge => "Message Too Large",
        SipParseError.LineTooLong => "Line Too Long",
        SipParseError.TooManyHeaders => "Too Many Headers",
        SipParseError.InvalidRequestLine => "Malformed Request-Line",
        SipParseError.InvalidStatusLine => "Malformed Status-Line",
        SipParseError.UnsupportedVersion => "Version Not Supported",
        SipParseError.InvalidHeaderLine => "Malformed Header Line",
        SipParseError.MissingEmptyLine => "Missing Empty Line After Headers",
        SipParseError.InvalidContentLength => "Invalid Content-Length",
        SipParseError.DuplicateContentLength => "Multiple Content-Length Values",
        SipParseError.ContentLengthExceedsDatagram => "Content-Length Exceeds Message",
        SipParseError.MissingContentLength => "Missing Content-Length",
        _ => "Bad Request",
    };
}
