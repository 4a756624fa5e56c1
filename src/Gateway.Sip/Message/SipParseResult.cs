namespace Gateway.Sip.Message;

/// <summary>
/// Outcome of one parse. On header-level errors <see cref="Message"/> is still set (best effort) so a UAS can
/// answer 400 / 505 with the right Via, From, To, Call-ID and CSeq; it is null when nothing can be answered.
/// </summary>
public readonly record struct SipParseResult(SipParseError Error, SipMessage? Message, int BytesConsumed)
{
    public bool IsSuccess => Error == SipParseError.None;

    internal static SipParseResult Fail(SipParseError error, int consumed = 0) => new(error, null, consumed);
}
