namespace Gateway.Radio.Sds;

/// <summary>Constants of the SDS-TL layer (EN 300 392-2 clause 29) the gateway uses.</summary>
public static class SdsProtocol
{
    /// <summary>Protocol identifier "text messaging" carried over SDS-TL.</summary>
    public const byte TextMessaging = 0x82;

    /// <summary>Protocol identifier "message with user data header" (used for concatenated text).</summary>
    public const byte TextMessagingWithUserDataHeader = 0x8A;

    /// <summary>SDS-TL message types (upper nibble of the second octet).</summary>
    public const byte MessageTypeTransfer = 0x0;
    public const byte MessageTypeReport = 0x1;
    public const byte MessageTypeAck = 0x2;

    /// <summary>SDS-SHORT-REPORT: first octet is 011111xx (six identifier bits + 2-bit report type).</summary>
    public const byte ShortReportIdentifierMask = 0xFC;
    public const byte ShortReportIdentifier = 0x7C;

    /// <summary>User data header information element "concatenated message, 8-bit reference" (as in 3GPP TS 23.040).</summary>
    public const byte ConcatenationElementId = 0x00;

    /// <summary>SDS type 4 carries at most 2047 bits.</summary>
    public const int MaxType4Bits = 2047;

    /// <summary>Octets before the text: protocol id, type/flags, message reference, timestamp flag + coding.</summary>
    public const int TextHeaderOctets = 4;

    /// <summary>Octets of the user data header for one concatenation element: UDHL, IEI, IEDL, ref, total, sequence.</summary>
    public const int ConcatenationHeaderOctets = 6;

    /// <summary>Octets of the optional timestamp after the coding octet.</summary>
    public const int TimestampOctets = 3;
}
