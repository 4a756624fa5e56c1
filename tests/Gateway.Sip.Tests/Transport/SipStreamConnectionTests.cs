using System.Net;
using System.Text;
using Gateway.Sip.Message;
using Gateway.Sip.Tests.Message;
using Gateway.Sip.Transport;

namespace Gateway.Sip.Tests.Transport;

/// <summary>Stream framing driven through a stream that hands out data in chosen read sizes.</summary>
public sealed class SipStreamConnectionTests
{
    private sealed class ChunkedReadStream(byte[] data, int chunk) : Stream
    {
        private int _position;

        public int Reads { get; private set; }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Reads++;
            var count = Math.Min(Math.Min(chunk, buffer.Length), data.Length - _position);
            data.AsSpan(_position, count).CopyTo(buffer.Span);
            _position += count;
            return ValueTask.FromResult(count);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => data.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().Result;
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static async Task<List<SipParseResult>> ReadAllAsync(byte[] data, int chunk, SipParseLimits? limits = null)
    {
        var results = new List<SipParseResult>();
        var stream = new ChunkedReadStream(data, chunk);
        await using var connection = new SipStreamConnection(stream, new IPEndPoint(IPAddress.Loopback, 1), limits ?? SipParseLimits.Default, (r, _) => results.Add(r));
        connection.Start();
        await connection.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        return results;
    }

    private static byte[] ThreeMessages()
    {
        var invite = SipSamples.TrunkInvite;
        return Encoding.ASCII.GetBytes("\r\n\r\n" + invite + invite.Replace("CSeq: 102", "CSeq: 103") + "\r\n\r\n" + invite.Replace("CSeq: 102", "CSeq: 104"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(65536)]
    public async Task Messages_are_framed_whatever_the_read_sizes(int chunk)
    {
        var results = await ReadAllAsync(ThreeMessages(), chunk);

        Assert.Equal([102L, 103L, 104L], results.Select(r => r.Message!.CSeq!.Value.Number));
        Assert.All(results, r => Assert.Equal(SipParseError.None, r.Error));
        Assert.All(results, r => Assert.Equal(SipSamples.TrunkSdp, Encoding.ASCII.GetString(r.Message!.Body.Span)));
    }

    [Fact]
    public async Task Framed_messages_own_their_bytes()
    {
        var results = await ReadAllAsync(ThreeMessages(), 64);
        // Every message's body must survive the read buffer being reused and returned to the pool.
        Assert.Equal(3, results.Select(r => r.Message!.Body).Count(b => Encoding.ASCII.GetString(b.Span) == SipSamples.TrunkSdp));
    }

    [Fact]
    public async Task Broken_content_length_is_reported_once_then_the_connection_closes()
    {
        var data = Encoding.ASCII.GetBytes(SipSamples.TrunkInvite.Replace("Content-Length: 232", "Content-Length: -5") + SipSamples.TrunkInvite);
        var results = await ReadAllAsync(data, 512);

        var only = Assert.Single(results);
        Assert.Equal(SipParseError.InvalidContentLength, only.Error);
        Assert.NotNull(only.Message);
    }

    [Fact]
    public async Task Oversized_message_closes_the_connection_without_delivering()
    {
        var data = Encoding.ASCII.GetBytes(SipSamples.TrunkInvite.Replace("Content-Length: 232", "Content-Length: 900000"));
        var results = await ReadAllAsync(data, 4096, new SipParseLimits { MaxMessageSize = 4096 });
        Assert.Empty(results);
    }
}
