using System.Collections.Frozen;

namespace Gateway.Fax.Modem;

/// <summary>A Class 2.0 hang-up status (<c>+FHS:hh</c>, T.32 Table 23) with a reason a dispatcher can read.</summary>
public readonly record struct FaxHangupCode(string Code)
{
    public static readonly FaxHangupCode Normal = new("00");

    private static readonly FrozenDictionary<string, string> Reasons = new Dictionary<string, string>
    {
        ["00"] = "normal end of call",
        ["01"] = "ring detected without a successful handshake",
        ["02"] = "call aborted (AT+FKS or CAN)",
        ["03"] = "no loop current",
        ["04"] = "ringback detected, no answer",
        ["05"] = "ringback detected, answered without CED",
        ["10"] = "unspecified phase A error",
        ["11"] = "no answer (T.30 T1 timeout)",
        ["20"] = "unspecified phase B error",
        ["21"] = "remote cannot receive",
        ["22"] = "command receive error in phase B",
        ["23"] = "invalid command received in phase B",
        ["24"] = "response receive error in phase B",
        ["25"] = "DCS sent three times without response",
        ["26"] = "DIS/DTC received three times; DCS not recognised",
        ["27"] = "failure to train",
        ["28"] = "invalid response received in phase B",
        ["40"] = "unspecified phase C error",
        ["41"] = "unspecified image format error",
        ["42"] = "image conversion error",
        ["43"] = "host-to-modem data underflow",
        ["44"] = "unrecognised transparent data command",
        ["45"] = "image error: wrong line length",
        ["46"] = "image error: wrong page length",
        ["47"] = "image error: wrong compression code",
        ["50"] = "unspecified phase D error",
        ["51"] = "response receive error in phase D",
        ["52"] = "no response to MPS repeated three times",
        ["53"] = "invalid response to MPS",
        ["54"] = "no response to EOP repeated three times",
        ["55"] = "invalid response to EOP",
        ["56"] = "no response to EOM repeated three times",
        ["57"] = "invalid response to EOM",
        ["58"] = "unable to continue after PIN or PIP",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public bool IsNormal => Code == "00";

    public FaxHangupPhase Phase => Code.Length != 2 ? FaxHangupPhase.Unknown : char.ToUpperInvariant(Code[0]) switch
    {
        '0' when Code == "00" => FaxHangupPhase.Normal,
        '0' or '1' => FaxHangupPhase.CallPlacement,
        '2' => FaxHangupPhase.PhaseB,
        '4' => FaxHangupPhase.PhaseC,
        '5' => FaxHangupPhase.PhaseD,
        '7' or '8' or '9' or 'A' => FaxHangupPhase.Receive,
        _ => FaxHangupPhase.Unknown,
    };

    /// <summary>Whether calling again may help: no answer and T.30 phase B–D failures; not an abort by us.</summary>
    public bool IsRetryable => Code is not ("00" or "02") && Phase is FaxHangupPhase.CallPlacement or FaxHangupPhase.PhaseB or FaxHangupPhase.PhaseC or FaxHangupPhase.PhaseD;

    public string Reason => Reasons.TryGetValue(Code, out string? reason)
        ? reason
        : Phase switch
        {
            FaxHangupPhase.PhaseB => "phase B (negotiation) error",
            FaxHangupPhase.PhaseC => "phase C (page transfer) error",
            FaxHangupPhase.PhaseD => "phase D (post-page) error",
            FaxHangupPhase.Receive => "receive error",
            _ => "unknown hang-up code",
        };

    /// <summary>Reads the code from <c>+FHS:00</c> / <c>+FHS: 0x11</c>-style lines; two hex digits, never throws.</summary>
    public static bool TryParse(ReadOnlySpan<char> line, out FaxHangupCode code)
    {
        code = default;
        int colon = line.IndexOf(':');
        ReadOnlySpan<char> value = (colon < 0 ? line : line[(colon + 1)..]).Trim();
        if (value.Length == 1 && char.IsAsciiHexDigit(value[0]))
        {
            code = new FaxHangupCode("0" + char.ToUpperInvariant(value[0]));
            return true;
        }

        if (value.Length != 2 || !char.IsAsciiHexDigit(value[0]) || !char.IsAsciiHexDigit(value[1]))
        {
            return false;
        }

        code = new FaxHangupCode(value.ToString().ToUpperInvariant());
        return true;
    }

    public override string ToString() => $"{Code} ({Reason})";
}
