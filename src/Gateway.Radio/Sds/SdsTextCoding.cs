namespace Gateway.Radio.Sds;

/// <summary>
/// Text coding scheme of an SDS-TL text message (EN 300 392-2, text coding scheme, 7 bits).
/// Only the two the gateway sends are named; others decode as <see cref="SdsTextTransfer.UnsupportedCoding"/>.
/// </summary>
public enum SdsTextCoding : byte
{
    /// <summary>ISO/IEC 8859-1 Latin 1, one octet per character.</summary>
    Latin1 = 1,

    /// <summary>ISO/IEC 10646 UCS-2 / UTF-16BE, two octets per code unit (Chinese text).</summary>
    Utf16BigEndian = 26,
}

/// <summary>Which delivery reports the sender asks the destination for (2-bit field).</summary>
public enum SdsDeliveryReportRequest : byte
{
    None = 0,
    Received = 1,
    Consumed = 2,
    ReceivedAndConsumed = 3,
}
