using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Gateway.Sip.Message;
using Gateway.Sip.Sdp;
using Gateway.Sip.Transaction;
using Gateway.Sip.Transport;
using Gateway.Sip.UserAgent;

namespace Gateway.IntegrationTests.Media.Support;

/// <summary>An RTP packet as a test phone received it (payload copied).</summary>
internal sealed record ReceivedRtp(byte PayloadType, ushort Sequence, uint Timestamp, uint Ssrc, byte[] Payload, long ArrivedAt, bool Marker = false);

/// <summary>
/// A test phone on loopback: our SIP UA (UDP) for signalling, and a plain UDP socket for RTP with its own header
/// code, so what it sends and checks does not go through the gateway's media classes.
/// </summary>
internal sealed class LoopbackPhone : IAsyncDisposable
{
    private readonly SipTransactionLayer _layer = new(TimeProvider.System);
    private readonly SipUserAgent _agent;
    private readonly SipUdpTransport _sip = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly Socket _rtp = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<ReceivedRtp> _received = [];
    private readonly SdpNegotiator _negotiator;
    private readonly uint _ssrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
    private ushort _sequence = (ushort)Random.Shared.Next(ushort.MaxValue + 1);
    private uint _timestamp = (uint)Random.Shared.NextInt64(uint.MaxValue + 1L);
    private Task _receiveLoop = Task.CompletedTask;
    private SipSession? _session;
    private IPEndPoint? _remoteRtp;
    private long _sent;

    private LoopbackPhone(SdpCapabilities capabilities)
    {
        _negotiator = new SdpNegotiator(capabilities);
        _agent = new SipUserAgent(_layer, negotiator: _negotiator);
        _rtp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    public int SipPort => _sip.LocalEndPoint.Port;

    public int RtpPort => ((IPEndPoint)_rtp.LocalEndPoint!).Port;

    /// <summary>The codec agreed for the call (PCMA or PCMU).</summary>
    public SdpPayloadType? Codec { get; private set; }

    /// <summary>Raised on the receive loop after each packet was stored.</summary>
    public event Action<LoopbackPhone, int>? PacketCountChanged;

    /// <param name="codec">The only audio codec this phone offers/accepts.</param>
    /// <param name="packetTimeMs">The ptime this phone asks to receive.</param>
    /// <param name="telephoneEvent">Whether its SDP has telephone-event (RFC 4733).</param>
    public static async Task<LoopbackPhone> StartAsync(SdpPayloadType codec, int packetTimeMs = 20, bool telephoneEvent = true)
    {
        var phone = new LoopbackPhone(new SdpCapabilities { Codecs = [codec], PacketTimeMs = packetTimeMs, TelephoneEvent = telephoneEvent ? SdpPayloadType.TelephoneEvent : null });
        phone._agent.AddTransport(phone._sip);
        await phone._sip.StartAsync();
        phone._receiveLoop = Task.Run(phone.ReceiveAsync);
        return phone;
    }

    /// <summary>RTP packets this phone has sent.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>The SIP Call-ID of the phone's call (as in the gateway's call record).</summary>
    public string? CallId => _session?.CallId;

    public IReadOnlyList<ReceivedRtp> Received
    {
        get
        {
            lock (_received) return [.. _received];
        }
    }

    /// <summary>Calls <paramref name="number"/> at the gateway and waits for the answer.</summary>
    public async Task CallAsync(int gatewaySipPort, string number, CancellationToken cancellationToken)
    {
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var target = SipUri.TryParse($"sip:{number}@127.0.0.1:{gatewaySipPort}", out var uri) ? uri : throw new InvalidOperationException("bad uri");
        var offer = _negotiator.CreateOffer("127.0.0.1", RtpPort);
        var request = new OutgoingCallRequest(target, new IPEndPoint(IPAddress.Loopback, gatewaySipPort), SipTransportProtocol.Udp, "13800138000", "127.0.0.1", offer);
        _session = _agent.Call(request, session =>
        {
            session.Answered += (_, _, media) =>
            {
                if (media is null)
                {
                    answered.TrySetException(new InvalidOperationException("answer without usable SDP"));
                    return;
                }

                Codec = media.Codec;
                _remoteRtp = new IPEndPoint(IPAddress.Parse(media.RemoteAddress), media.RemotePort);
                answered.TrySetResult();
            };
            session.Failed += (_, end) => answered.TrySetException(new InvalidOperationException($"call failed: {end.StatusCode} {end.Reason}"));
        });
        await answered.Task.WaitAsync(TimeSpan.FromSeconds(15), cancellationToken);
    }

    /// <summary>Answers the next incoming call; completes with it once answered.</summary>
    public Task AnswerNextCallAsync()
    {
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _agent.IncomingCall += inbound =>
        {
            var result = inbound.RemoteSdp is { } offer ? _negotiator.Answer(offer, "127.0.0.1", RtpPort) : null;
            if (result is null)
            {
                inbound.Reject(488, "Not Acceptable Here");
                answered.TrySetException(new InvalidOperationException("offer without our codec"));
                return;
            }

            Codec = result.Codec;
            _remoteRtp = new IPEndPoint(IPAddress.Parse(result.RemoteAddress), result.RemotePort);
            _session = inbound;
            if (inbound.Answer(result.Answer)) answered.TrySetResult();
        };
        return answered.Task;
    }

    public void HangUp() => _session?.HangUp();

    /// <summary>Sends one RTP packet with our SSRC; the sequence advances by one, the timestamp by the payload's samples (G.711: one per byte).</summary>
    public void Send(ReadOnlySpan<byte> payload)
    {
        Span<byte> datagram = stackalloc byte[12 + payload.Length];
        datagram[0] = 0x80;
        datagram[1] = (byte)Codec!.Number;
        BinaryPrimitives.WriteUInt16BigEndian(datagram[2..], _sequence++);
        BinaryPrimitives.WriteUInt32BigEndian(datagram[4..], _timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(datagram[8..], _ssrc);
        payload.CopyTo(datagram[12..]);
        _timestamp += (uint)payload.Length;
        _rtp.SendTo(datagram, SocketFlags.None, _remoteRtp ?? throw new InvalidOperationException("No call."));
        Interlocked.Increment(ref _sent);
    }

    /// <summary>Sends a sine of <paramref name="frequency"/> Hz as 20 ms G.711 packets (NAudio's encoder) until cancelled.</summary>
    public Task StreamToneAsync(double frequency, short amplitude, CancellationToken cancellationToken)
    {
        double phase = 0;
        var pcm = new short[160];
        var payload = new byte[160];
        return StreamAsync(_ =>
        {
            for (int i = 0; i < pcm.Length; i++)
            {
                pcm[i] = (short)(amplitude * Math.Sin(phase));
                phase += 2 * Math.PI * frequency / 8000;
            }

            G711.Encode(Codec!, pcm, payload);
            return payload;
        }, cancellationToken);
    }

    /// <summary>
    /// Sends <paramref name="payloadFor"/>(n) as the n-th 20 ms packet (n from 0) until cancelled, paced by elapsed time
    /// so a late timer tick sends the packets that are due rather than drifting.
    /// </summary>
    public async Task StreamAsync(Func<long, byte[]> payloadFor, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        long started = time.GetTimestamp();
        long sent = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(5), time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                long due = (long)(time.GetElapsedTime(started).TotalMilliseconds / 20) + 1;
                for (; sent < due; sent++) Send(payloadFor(sent));
            }
        }
        catch (OperationCanceledException)
        {
            // Stream ends with the test's step.
        }
    }

    /// <summary>All received audio decoded in sequence order with NAudio's decoder (packets from <paramref name="fromIndex"/> on).</summary>
    public short[] DecodeReceived(int fromIndex = 0, int? toIndex = null)
    {
        var packets = Received;
        var slice = packets.Skip(fromIndex).Take((toIndex ?? packets.Count) - fromIndex).ToList();
        var samples = new List<short>(slice.Sum(p => p.Payload.Length));
        foreach (var packet in slice) samples.AddRange(G711.Decode(packet.PayloadType, packet.Payload));
        return [.. samples];
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _rtp.Dispose();
        try
        {
            await _receiveLoop;
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Closed.
        }

        await _sip.DisposeAsync();
        _layer.Dispose();
        _stopping.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[2048];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stopping.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _rtp.ReceiveFromAsync(buffer, SocketFlags.None, any, _stopping.Token);
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionReset)
            {
                continue;
            }

            if (result.ReceivedBytes < 12 || buffer[0] >> 6 != 2) continue;
            int headerLength = 12 + 4 * (buffer[0] & 0x0F);
            var packet = new ReceivedRtp((byte)(buffer[1] & 0x7F), BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(2)), BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(4)),
                BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(8)), buffer.AsSpan(headerLength, result.ReceivedBytes - headerLength).ToArray(), TimeProvider.System.GetTimestamp(),
                (buffer[1] & 0x80) != 0);
            int count;
            lock (_received)
            {
                _received.Add(packet);
                count = _received.Count;
            }

            PacketCountChanged?.Invoke(this, count);
        }
    }
}
