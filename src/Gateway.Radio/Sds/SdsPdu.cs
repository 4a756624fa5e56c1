namespace Gateway.Radio.Sds;

/// <summary>A decoded SDS-TL PDU. Decoding never throws: bad input becomes <see cref="SdsMalformed"/>.</summary>
public abstract record SdsPdu;

/// <summary>SDS-TRANSFER carrying text (protocol 0x82, or 0x8A with a user data header).</summary>
public sealed record SdsTextTransfer(
    byte ProtocolId,
    byte MessageReference,
    SdsDeliveryReportRequest ReportRequest,
    bool StandardReportOnly,
    byte CodingScheme,
    SdsTimestamp? Timestamp,
    string Text,
    SdsConcatenation? Concatenation) : SdsPdu
{
    /// <summary>True when the coding scheme is neither Latin 1 nor UTF-16BE; <see cref="Text"/> is then empty.</summary>
    public bool UnsupportedCoding => CodingScheme is not ((byte)SdsTextCoding.Latin1 or (byte)SdsTextCoding.Utf16BigEndian);
}

/// <summary>SDS-REPORT: <c>82 1x &lt;status&gt; &lt;ref&gt;</c>.</summary>
public sealed record SdsReport(byte ProtocolId, byte MessageReference, byte DeliveryStatus, bool AcknowledgementRequired) : SdsPdu
{
    public SdsDeliveryOutcome Outcome => SdsDeliveryStatusClassifier.Classify(DeliveryStatus);
}

/// <summary>Short-form report types (2 bits).</summary>
public enum SdsShortReportType : byte
{
    ProtocolOrEncodingNotSupported = 0,
    DestinationMemoryFull = 1,
    MessageReceived = 2,
    MessageConsumed = 3,
}

/// <summary>SDS-SHORT-REPORT: <c>011111tt &lt;ref&gt;</c>.</summary>
public sealed record SdsShortReport(byte MessageReference, SdsShortReportType Type) : SdsPdu
{
    public SdsDeliveryOutcome Outcome => Type switch
    {
        SdsShortReportType.MessageReceived => SdsDeliveryOutcome.Received,
        SdsShortReportType.MessageConsumed => SdsDeliveryOutcome.Consumed,
        _ => SdsDeliveryOutcome.Failed,
    };
}

/// <summary>Well-formed but not something the gateway handles (other protocol ids, SDS-ACK, ...).</summary>
public sealed record SdsUnsupported(byte ProtocolId, string Reason) : SdsPdu;

/// <summary>Input that is not a valid PDU.</summary>
public sealed record SdsMalformed(string Reason) : SdsPdu;

/// <summary>Timestamp element (24 bits): time frame type, month, day, hour, minute.</summary>
public readonly record struct SdsTimestamp(byte TimeFrameType, byte Month, byte Day, byte Hour, byte Minute);
