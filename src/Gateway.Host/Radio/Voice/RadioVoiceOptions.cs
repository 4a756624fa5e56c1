using System.Net;
using Gateway.Host.Configuration;
using Gateway.Radio.Floor;

namespace Gateway.Host.Radio.Voice;

/// <summary>A terminal's RoIP audio port (<c>Gateway:Radio:Terminals:N:Voice</c>): where its RTP goes and how.</summary>
public sealed class RadioTerminalVoiceConfig
{
    /// <summary>The radio's RoIP endpoint, "IP:PORT".</summary>
    public string RoipRemote { get; set; } = "";

    /// <summary>Our RTP port for this radio (even, 1024–65534; RTCP on the next port).</summary>
    public int RoipLocalPort { get; set; }

    /// <summary>"PCMA" (payload type 8, default) or "PCMU" (0).</summary>
    public string Codec { get; set; } = "PCMA";

    /// <summary>Packet duration towards the radio: 20 or 60 ms.</summary>
    public int PtimeMs { get; set; } = 20;

    /// <summary>Talkgroups besides the terminal's own that voice orders may call as group calls (any other number is an ISSI).</summary>
    public List<string> Talkgroups { get; set; } = [];

    public IPEndPoint? ParsedRemote => IPEndPoint.TryParse(RoipRemote, out var remote) && remote.Port > 0 ? remote : null;

    public IEnumerable<string> Validate(string prefix)
    {
        if (ParsedRemote is null)
            yield return ConfigError.Format(RadioOptions.Section, $"{prefix}:RoipRemote", $"'{RoipRemote}' is not IP:PORT");
        if (RoipLocalPort is < 1024 or > 65534 || RoipLocalPort % 2 != 0)
            yield return ConfigError.Format(RadioOptions.Section, $"{prefix}:RoipLocalPort", $"must be an even port 1024–65534 (got {RoipLocalPort})");
        if (!Codec.Equals("PCMA", StringComparison.OrdinalIgnoreCase) && !Codec.Equals("PCMU", StringComparison.OrdinalIgnoreCase))
            yield return ConfigError.Format(RadioOptions.Section, $"{prefix}:Codec", $"'{Codec}' is not PCMA or PCMU");
        if (PtimeMs is not (20 or 60))
            yield return ConfigError.Format(RadioOptions.Section, $"{prefix}:PtimeMs", $"must be 20 or 60 (got {PtimeMs})");
        foreach (var group in Talkgroups.Where(g => g.Length == 0 || !g.All(char.IsAsciiDigit)))
            yield return ConfigError.Format(RadioOptions.Section, $"{prefix}:Talkgroups", $"'{group}' must be digits only");
    }
}

/// <summary>Floor control and voice detection for every voice order (<c>Gateway:Radio:Voice</c>).</summary>
public sealed class RadioVoiceOptions
{
    /// <summary>PTT stays keyed this long after the dispatcher stops talking.</summary>
    public TimeSpan VoiceHangTime { get; set; } = TimeSpan.FromMilliseconds(800);

    /// <summary>Frame level (dBFS) above which the dispatcher counts as talking.</summary>
    public double VadThresholdDbfs { get; set; } = -40;

    public bool VoiceKeying { get; set; } = true;

    public bool DtmfKeying { get; set; } = true;

    public char DtmfKeyDigit { get; set; } = '*';

    public char DtmfUnkeyDigit { get; set; } = '#';

    public FloorControlOptions ToFloorOptions() => new()
    {
        VoiceHangTime = VoiceHangTime,
        VoiceKeying = VoiceKeying,
        DtmfKeying = DtmfKeying,
        DtmfKeyDigit = DtmfKeyDigit,
        DtmfUnkeyDigit = DtmfUnkeyDigit,
    };

    public IEnumerable<string> Validate()
    {
        foreach (var problem in ToFloorOptions().Validate())
            yield return $"{RadioOptions.Section}:Voice: {problem}";
        if (VadThresholdDbfs is < -90 or > 0)
            yield return ConfigError.Format(RadioOptions.Section, "Voice:VadThresholdDbfs", $"must be −90–0 dBFS (got {VadThresholdDbfs})");
    }
}
