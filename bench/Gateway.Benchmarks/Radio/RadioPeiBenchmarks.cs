using BenchmarkDotNet.Attributes;
using Gateway.Radio.Pei;
using Gateway.Radio.Sds;

namespace Gateway.Benchmarks.Radio;

/// <summary>
/// Text order → AT+CMGS command + hex PDU (span path and the string path the driver uses today),
/// and PEI line parsing. Run: <c>dotnet run -c Release --project bench/Gateway.Benchmarks -- --filter *RadioPei* --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class RadioPeiBenchmarks
{
    private const string Destination = "2001";
    private const string ChineseOrder = "火灾，请立即到场。中山路12号仓库，三楼有人被困。";
    private const string LatinOrder = "Fire at pier 3, warehouse 12, persons trapped on floor 3.";

    private readonly byte[] _pdu = new byte[256];
    private readonly char[] _hex = new char[512];
    private readonly char[] _command = new char[32];
    private byte _reference;

    [Benchmark(Description = "Chinese order -> AT+CMGS + hex PDU (spans)")]
    public int EncodeChineseOrderIntoSpans() => EncodeIntoSpans(ChineseOrder);

    [Benchmark(Description = "Latin-1 order -> AT+CMGS + hex PDU (spans)")]
    public int EncodeLatinOrderIntoSpans() => EncodeIntoSpans(LatinOrder);

    [Benchmark(Description = "Chinese order -> AT+CMGS + hex PDU (strings, as PeiTerminal)")]
    public int EncodeChineseOrderToStrings()
    {
        var parts = SdsTextSplitter.Split(ChineseOrder, SdsProtocol.MaxType4Bits, () => _reference++);
        var command = PeiCommands.SendSds(Destination, parts[0].Bits);
        return command.Length + parts[0].Hex.Length;
    }

    [Benchmark(Description = "parse +CTXG line")]
    public PeiUrc ParseTransmitGrant() => PeiUrcParser.Parse("+CTXG: 1,0,0,0");

    [Benchmark(Description = "parse +CTSDSR header line")]
    public PeiUrc ParseSdsHeader() => PeiUrcParser.Parse("+CTSDSR: 12,2001,0,1001,0,32");

    [Benchmark(Description = "parse +CTICN line")]
    public PeiUrc ParseIncomingCall() => PeiUrcParser.Parse("+CTICN: 1,0,0,4,1002,1,1,0,1,1,0,1000,1");

    [Benchmark(Description = "decode SDS-REPORT hex")]
    public SdsPdu DecodeReport() => SdsPduDecoder.DecodeHex("82100001", 32);

    private int EncodeIntoSpans(string text)
    {
        var coding = SdsTextEncoder.ChooseCoding(text);
        var octets = SdsTextEncoder.Write(_pdu, new SdsTextHeader(_reference++, coding), text);
        var hexChars = SdsTextEncoder.WriteHex(_pdu.AsSpan(0, octets), _hex);
        PeiCommands.TryWriteSendSds(_command, Destination, octets * 8, out var commandChars);
        return hexChars + commandChars;
    }
}
