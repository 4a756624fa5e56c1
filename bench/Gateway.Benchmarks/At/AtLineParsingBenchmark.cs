using System.Text;
using BenchmarkDotNet.Attributes;
using Gateway.Core.At;

namespace Gateway.Benchmarks.At;

/// <summary>Splitting received bytes into lines and spotting final result codes: cost per line.</summary>
[MemoryDiagnoser]
public class AtLineParsingBenchmark
{
    private const int LinesPerChunk = 64;

    private AtLineReader _reader = null!;
    private byte[] _chunk = [];

    [GlobalSetup]
    public void Setup()
    {
        _reader = new AtLineReader(2048);
        var text = new StringBuilder();
        string[] sample =
        [
            "+CTXG: 1,0,0,0", "+CTSDSR: 12,2001,0,1001,0,64", "8210000100000001", "+CMGS: 0,4,12",
            "OK", "+CME ERROR: 30", "+FHS:00", "CONNECT 9600",
        ];
        for (int i = 0; i < LinesPerChunk; i++)
        {
            text.Append("\r\n").Append(sample[i % sample.Length]).Append("\r\n");
        }

        _chunk = Encoding.ASCII.GetBytes(text.ToString());
    }

    [GlobalCleanup]
    public void Cleanup() => _reader.Dispose();

    [Benchmark(OperationsPerInvoke = LinesPerChunk)]
    public int SplitAndClassifyLines()
    {
        int finals = 0;
        ReadOnlySpan<byte> input = _chunk;
        while (true)
        {
            AtLineEvent next = _reader.Read(ref input, out ReadOnlySpan<byte> line);
            if (next == AtLineEvent.NeedMoreData)
            {
                return finals;
            }

            if (next == AtLineEvent.Line && AtFinalResultParser.TryParse(line, out _, out _))
            {
                finals++;
            }
        }
    }
}
