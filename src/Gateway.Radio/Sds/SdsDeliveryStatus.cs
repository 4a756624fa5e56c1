namespace Gateway.Radio.Sds;

/// <summary>
/// Delivery status octet of an SDS-REPORT (EN 300 392-2 table "delivery status"). The top three bits
/// give the class: 000 success, 001 temporary error, 010 data transfer failed, 011 flow control,
/// 100 end-to-end control.
/// </summary>
public enum SdsDeliveryStatus : byte
{
    ReceiptAcknowledgedByDestination = 0x00,
    ReceiptReportAcknowledgement = 0x01,
    ConsumedByDestination = 0x02,
    ConsumedReportAcknowledgement = 0x03,
    ForwardedToExternalNetwork = 0x04,
    SentToGroupAcknowledgementsPrevented = 0x05,
    ConcatenationPartReceived = 0x06,
    Congestion = 0x20,
    MessageStored = 0x21,
    DestinationNotReachableMessageStored = 0x22,
    NetworkOverload = 0x40,
    ServicePermanentlyNotAvailable = 0x41,
    ServiceTemporarilyNotAvailable = 0x42,
    SourceNotAuthorised = 0x43,
    DestinationNotAuthorised = 0x44,
    UnknownDestination = 0x45,
    UnknownForwardAddress = 0x46,
    GroupAddressWithIndividualService = 0x47,
    ValidityPeriodExpiredNotReceived = 0x48,
    ValidityPeriodExpiredNotConsumed = 0x49,
    DeliveryFailed = 0x4A,
    DestinationNotRegistered = 0x4B,
    DestinationQueueFull = 0x4C,
    MessageTooLong = 0x4D,
    DestinationDoesNotSupportSdsTl = 0x4E,
    DestinationHostNotConnected = 0x4F,
    ProtocolNotSupported = 0x50,
    DataCodingSchemeNotSupported = 0x51,
    DestinationMemoryFullMessageDiscarded = 0x52,
    DestinationNotAcceptingSds = 0x53,
}

/// <summary>What a delivery status means for an order sent as text.</summary>
public enum SdsDeliveryOutcome
{
    /// <summary>The destination terminal received the message.</summary>
    Received,

    /// <summary>The destination user read (consumed) the message.</summary>
    Consumed,

    /// <summary>The network holds the message; a final report may follow.</summary>
    Pending,

    /// <summary>Delivery failed; the order must go another way.</summary>
    Failed,

    /// <summary>Flow-control or end-to-end control information, not about delivery.</summary>
    Control,
}

public static class SdsDeliveryStatusClassifier
{
    public static SdsDeliveryOutcome Classify(byte status) => status switch
    {
        0x02 or 0x03 => SdsDeliveryOutcome.Consumed,
        < 0x20 => SdsDeliveryOutcome.Received,
        < 0x40 => SdsDeliveryOutcome.Pending,
        < 0x60 => SdsDeliveryOutcome.Failed,
        _ => SdsDeliveryOutcome.Control,
    };
}
