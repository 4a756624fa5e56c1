namespace Gateway.Radio.Pei;

/// <summary>
/// An unsolicited result code (or solicited information line) from a TETRA terminal's PEI
/// (EN 300 392-5). Parsing never throws: unknown lines give <see cref="PeiNotUrc"/>, broken
/// ones <see cref="PeiMalformedUrc"/>.
/// </summary>
public abstract record PeiUrc;

/// <summary>Transmission grant values (<c>+CTXG</c> &lt;TxGrant&gt;).</summary>
public enum PeiTxGrant
{
    Granted = 0,
    NotGranted = 1,
    Queued = 2,
    GrantedToAnother = 3,
}

/// <summary>TX demand priority for <c>AT+CTXD</c>; 3 (emergency) pre-empts other talkers.</summary>
public enum PeiTxPriority
{
    Low = 0,
    High = 1,
    PreEmptive = 2,
    Emergency = 3,
}

/// <summary>Disconnect cause of <c>+CTCR</c> (EN 300 392-5 "disconnect cause"); other values keep their number.</summary>
public enum PeiDisconnectCause
{
    NotDefined = 0,
    UserRequest = 1,
    CalledPartyBusy = 2,
    CalledPartyNotReachable = 3,
    CalledPartyDoesNotSupportEncryption = 4,
    NetworkCongestion = 5,
    NotAllowedTraffic = 6,
    IncompatibleTraffic = 7,
    ServiceNotAvailable = 8,
    PreEmption = 9,
    InvalidCallIdentifier = 10,
    CalledPartyRejection = 11,
    NoIdleCcEntity = 12,
    TimerExpiry = 13,
    SwmiDisconnect = 14,
    NoAcknowledgement = 15,
    UnknownTetraIdentity = 16,
    SupplementaryServiceDependent = 17,
    UnknownExternalSubscriberNumber = 18,
    CallRestorationFailed = 19,
    CalledPartyRequiresEncryption = 20,
    ConcurrentSetupNotSupported = 21,
}

/// <summary><c>+CTICN: &lt;cc&gt;,&lt;call status&gt;,&lt;AI service&gt;,[&lt;calling type&gt;],[&lt;calling id&gt;],[&lt;hook&gt;],[&lt;simplex&gt;],[&lt;e2ee&gt;],[&lt;comms type&gt;],[&lt;slots/codec&gt;],[&lt;called type&gt;],[&lt;called id&gt;],[&lt;priority&gt;]</c></summary>
public sealed record PeiIncomingCall(int CcInstance, int CallStatus, int AiService, string? CallingIdentity, int? CommsType, string? CalledIdentity, int? Priority) : PeiUrc
{
    /// <summary>Comms type 1–3 are point-to-multipoint (group) calls.</summary>
    public bool IsGroupCall => CommsType is 1 or 2 or 3;
}

/// <summary><c>+CTOCP: &lt;cc&gt;,&lt;call status&gt;,&lt;AI service&gt;,...</c> outgoing call progress.</summary>
public sealed record PeiCallProgress(int CcInstance, int CallStatus, int? AiService) : PeiUrc;

/// <summary><c>+CTCC: &lt;cc&gt;,&lt;hook&gt;,&lt;simplex&gt;,&lt;AI service&gt;,...</c> call connected.</summary>
public sealed record PeiCallConnected(int CcInstance, int? Hook, int? Simplex, int? AiService) : PeiUrc;

/// <summary><c>+CTXG: &lt;cc&gt;,&lt;TxGrant&gt;,&lt;TxRqPrmsn&gt;,&lt;e2ee&gt;,[&lt;TPI type&gt;],[&lt;TPI&gt;]</c></summary>
public sealed record PeiTransmitGrant(int CcInstance, PeiTxGrant Grant, int? TxRequestPermission, string? TalkingPartyIdentity) : PeiUrc;

/// <summary><c>+CDTXC: &lt;cc&gt;,&lt;TxRqPrmsn&gt;</c> the other party stopped transmitting.</summary>
public sealed record PeiDownTransmissionCeased(int CcInstance, int? TxRequestPermission) : PeiUrc;

/// <summary><c>+CTCR: &lt;cc&gt;,&lt;disconnect cause&gt;</c> call released.</summary>
public sealed record PeiCallReleased(int CcInstance, PeiDisconnectCause Cause) : PeiUrc;

/// <summary><c>+CTXI: &lt;cc&gt;,...</c> our transmission was interrupted (e.g. pre-empted).</summary>
public sealed record PeiTransmitInterrupt(int CcInstance) : PeiUrc;

/// <summary><c>+CTXW: &lt;cc&gt;,...</c> transmission wait: stop sending until granted again.</summary>
public sealed record PeiTransmitWait(int CcInstance) : PeiUrc;

/// <summary>
/// <c>+CTSDSR: &lt;AI service&gt;,[&lt;calling id&gt;],[&lt;calling type&gt;],&lt;called id&gt;,&lt;called type&gt;,&lt;length bits&gt;,[&lt;e2ee&gt;]</c>;
/// the hex PDU follows on the next line.
/// </summary>
public sealed record PeiSdsHeader(int AiService, string? CallingIdentity, string CalledIdentity, int LengthBits) : PeiUrc;

/// <summary><c>+CMGS: &lt;SDS instance&gt;[,&lt;SDS status&gt;[,&lt;message reference&gt;]]</c></summary>
public sealed record PeiSdsSendResult(int SdsInstance, int? Status, int? MessageReference) : PeiUrc;

/// <summary><c>+CNUMF: &lt;num type&gt;,&lt;number&gt;[,...]</c> the terminal's own identity (first pair).</summary>
public sealed record PeiOwnIdentity(int NumberType, string Number) : PeiUrc;

/// <summary>A line that is not one of the result codes this parser knows.</summary>
public sealed record PeiNotUrc : PeiUrc
{
    public static readonly PeiNotUrc Instance = new();
}

/// <summary>A known result code with broken fields; <see cref="Reason"/> says what.</summary>
public sealed record PeiMalformedUrc(string Code, string Reason) : PeiUrc;
