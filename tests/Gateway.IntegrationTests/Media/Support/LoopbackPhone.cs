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
    private readonly List<(int Status, bool WithSdp)> _provisionals = [];
    private readonly List<SdpDirection> _reoffers = [];
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

    /// <summary>Where this phone sends its RTP (the gateway's port for its leg), once the call has media.</summary>
    public IPEndPoint? RemoteRtp => _remoteRtp;

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

    /// <summary>The provisional responses this phone's call got (status, whether it carried SDP), in order.</summary>
    public IReadOnlyList<(int Status, bool WithSdp)> Provisionals
    {
        get
        {
            lock (_provisionals) return [.. _provisionals];
        }
    }

    /// <summary>The answer this phone made to the offer of the call it took (for 183 early media and the 200).</summary>
    public SdpSession? PendingAnswer { get; private set; }

    /// <summary>Raised on the SIP thread when the other side re-offers (hold, unhold) with the audio direction offered.</summary>
    public event Action<LoopbackPhone, SdpDirection>? Reoffered;

    /// <summary>Calls <paramref name="number"/> at the gateway and waits for the answer.</summary>
    public async Task CallAsync(int gatewaySipPort, string number, CancellationToken cancellationToken) =>
        await PlaceCall(gatewaySipPort, number).WaitAsync(TimeSpan.FromSeconds(15), cancellationToken);

    /// <summary>Calls <paramref name="number"/> at the gateway; the task completes at the answer (early media is received meanwhile).</summary>
    public Task PlaceCall(int gatewaySipPort, string number)
    {
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var target = SipUri.TryParse($"sip:{number}@127.0.0.1:{gatewaySipPort}", out var uri) ? uri : throw new InvalidOperationException("bad uri");
        var offer = _negotiator.CreateOffer("127.0.0.1", RtpPort);
        var request = new OutgoingCallRequest(target, new IPEndPoint(IPAddress.Loopback, gatewaySipPort), SipTransportProtocol.Udp, "13800138000", "127.0.0.1", offer);
        _session = _agent.Call(request, session =>
        {
            session.Progress += (_, response) =>
            {
                lock (_provisionals) _provisionals.Add((response.StatusCode, !response.Body.IsEmpty));
            };
            session.RemoteMediaChanged += (s, _) => OnReoffer(s);
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
            session.Failed += (_, end) => answered.TrySetException(new CallFailedException(end.StatusCode, end.Reason));
        });
        return answered.Task;
    }

    /// <summary>Answers the next incoming call; completes with it once answered.</summary>
    public async Task AnswerNextCallAsync()
    {
        var inbound = await TakeNextCallAsync();
        if (!inbound.Answer(PendingAnswer!)) throw new InvalidOperationException("the call was gone before the answer");
    }

    /// <summary>
    /// Takes the next incoming call without ringing or answering it (the test rings, plays early media, answers or
    /// rejects through the session); its codec, far address and <see cref="PendingAnswer"/> are set.
    /// </summary>
    public Task<IncomingSession> TakeNextCallAsync()
    {
        var taken = new TaskCompletionSource<IncomingSession>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnIncoming(IncomingSession inbound)
        {
            _agent.IncomingCall -= OnIncoming;
            var result = inbound.RemoteSdp is { } offer ? _negotiator.Answer(offer, "127.0.0.1", RtpPort) : null;
            if (result is null)
            {
                inbound.Reject(488, "Not Acceptable Here");
                taken.TrySetException(new InvalidOperationException("offer without our codec"));
                return;
            }

            Codec = result.Codec;
            _remoteRtp = new IPEndPoint(IPAddress.Parse(result.RemoteAddress), result.RemotePort);
            PendingAnswer = result.Answer;
            _session = inbound;
            inbound.RemoteMediaChanged += (s, _) => OnReoffer(s);
            taken.TrySetResult(inbound);
        }

        _agent.IncomingCall += OnIncoming;
        return taken.Task;
    }

    /// <summary>Puts the call on hold (re-INVITE a=sendonly) or takes it off (a=sendrecv).</summary>
    public void Hold(bool hold)
    {
        var session = _session ?? throw new InvalidOperationException("No call.");
        var current = session.LocalSdp ?? throw new InvalidOperationException("No SDP yet.");
        var audio = current.Audio ?? throw new InvalidOperationException("No audio in our SDP.");
        session.Reoffer(current with
        {
            SessionVersion = current.SessionVersion + 1,
            Direction = null,
            Media = [.. current.Media.Select(m => ReferenceEquals(m, audio) ? m with { Direction = hold ? SdpDirection.SendOnly : SdpDirection.SendRecv } : m)],
        });
    }

    /// <summary>Completes once the other side has re-offered audio with <paramref name="direction"/> (safety net: 20 s).</summary>
    public async Task WaitForReofferAsync(SdpDirection direction)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnReoffered(LoopbackPhone _, SdpDirection offered)
        {
            if (offered == direction) seen.TrySetResult();
        }

        Reoffered += OnReoffered;
        try
        {
            lock (_reoffers)
            {
                if (_reoffers.Contains(direction)) seen.TrySetResult();
            }
            await seen.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            Reoffered -= OnReoffered;
        }
    }

    private void OnReoffer(SipSession session)
    {
        if (session.RemoteSdp?.Audio is not { } audio) return;
        lock (_reoffers) _reoffers.Add(audio.Direction);
        Reoffered?.Invoke(this, audio.Direction);
    }

    public void HangUp() => _session?.HangUp();

    /// <summary>Cancels this phone's call before it is answered.</summary>
    public void Cancel() => (_session as OutgoingSession ?? throw new InvalidOperationException("No outgoing call.")).Cancel();


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
    /// so a late wake-up sends the packets that are due rather than drifting. The phone keeps its own clock on a
    /// thread of its own, as a real phone would: with the gateway in the test process, a thread-pool timer would stall
    /// whenever the pool is starved by the other tests running beside it (CI saw a callee go quiet for the last
    /// second of a call that way, while the gateway and baresip carried on).
    /// </summary>
    public Task StreamAsync(Func<long, byte[]> payloadFor, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                var time = TimeProvider.System;
                long started = time.GetTimestamp();
                long sent = 0;
                var wake = cancellationToken.WaitHandle;
                while (!cancellationToken.IsCancellationRequested)
                {
                    var elapsed = time.GetElapsedTime(started);
                    long due = (long)(elapsed.TotalMilliseconds / 20) + 1;
                    for (; sent < due; sent++) Send(payloadFor(sent));
                    // Until the next packet is due (at most 20 ms); a cancel wakes it at once.
                    double untilNext = (sent * 20) - time.GetElapsedTime(started).TotalMilliseconds;
                    wake.WaitOne(TimeSpan.FromMilliseconds(Math.Clamp(untilNext, 0.5, 20)));
                }
                done.TrySetResult();
            }
            catch (Exception exception)
            {
                done.TrySetException(exception);
            }
        })
        {
            IsBackground = true,
            Name = "loopback-phone-rtp",
        };
        thread.Start();
        return done.Task;
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

/// <summary>The call failed with a final response (the status is kept so tests can check it).</summary>
internal sealed class CallFailedException(int statusCode, string reason) : InvalidOperationException($"call failed: {statusCode} {reason}")
{
    public int StatusCode { get; } = statusCode;
}
