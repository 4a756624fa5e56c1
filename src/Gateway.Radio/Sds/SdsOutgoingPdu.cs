namespace Gateway.Radio.Sds;

/// <summary>One PDU ready for <c>AT+CMGS=&lt;dest&gt;,&lt;Bits&gt;</c>: hex text and its length in bits.</summary>
public sealed record SdsOutgoingPdu(byte MessageReference, string Hex, int Bits, SdsConcatenation? Concatenation);
