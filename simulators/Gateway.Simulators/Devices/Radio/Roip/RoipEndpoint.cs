using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Gateway.Simulators.Devices.Radio.Roip;

/// <summary>Where a terminal's RoIP endpoint listens and what it sends.</summary>
public sealed record RoipEndpointOptions
{
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>UDP port (0 = any free port).</summary>
    public int Port { get; init; }

    /// <summary>RTP payload type: 8 PCMA (default) or 0 PCMU.</summary>
    public byte PayloadType { get; init; } = G711.PcmaPayloadType;

    /// <summary>Packet duration of the audio the endpoint sends: 20 or 60 ms.</summary>
    public int PtimeMs { get; init; } = 20;

    /// <summary>Where replies go until the gateway's own packets show its address (null: learnt only).</summary>
    public IPEndPoint? Remote { get; init; }

    /// <summary>Folder for the TX recordings (null: not recorded to disk, counted only).</summary>
    public string? RecordingDirectory { get; init; }
}

/// <summary>
/// A terminal's RoIP port (RTP G.711): what the gateway sends is decoded and recorded to one WAV per PTT burst, and
/// only while the network has granted the terminal's transmission — packets outside a grant are counted and
/// dropped, as a real radio would not put them on air. A unit's reply is played from a WAV towards the gateway.
/// </summary>
public sealed class RoipEndpoint : IAsyncDisposable
{
    private const int MaxDatagram = 1500;
    private readonly int _terminal;
    private readonly RoipEndpointOptions _options;
    private readonly PttLog _log;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<PttBurst> _bursts = [];
    private readonly Task _receiveLoop;
    private OpenBurst? _burst;
    private IPEndPoint? _learntRemote;
    private long _packetsOutsidePtt;
    private long _packetsRecorded;
    private int _burstNumber;

    public RoipEndpoint(int terminal, RoipEndpointOptions options, PttLog log, TimeProvider time, ILogger logger)
    {
        _terminal = terminal;
        _options = options;
        _log = log;
        _time = time;
        _logger = logger;
        _socket = new Socket(options.BindAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(options.BindAddress, options.Port));
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    public IPEndPoint LocalEndPoint { get; }

    public bool Transmitting
    {
        get
        {
            lock (_gate)
            {
                return _burst is not null;
            }
        }
    }

    /// <summary>RTP packets that arrived while the terminal had no grant (a gateway keying bug if not 0).</summary>
    public long PacketsOutsidePtt => Interlocked.Read(ref _packetsOutsidePtt);

    public long PacketsRecorded => Interlocked.Read(ref _packetsRecorded);

    /// <summary>Finished bursts, oldest first.</summary>
    public IReadOnlyList<PttBurst> Bursts
    {
        get
        {
            lock (_gate)
            {
                return [.. _bursts];
            }
        }
    }

    public event Action<PttBurst>? BurstEnded;

    public event Action<int>? BurstStarted;

    /// <summary>The network granted the terminal's transmission: recording starts.</summary>
    public void BeginTransmission(int ccInstance, int priority)
    {
        lock (_gate)
        {
            if (_burst is not null)
            {
                return;
            }

            var number = ++_burstNumber;
            string? path = null;
            FileStream? file = null;
            if (_options.RecordingDirectory is { } directory)
            {
                path = Path.Combine(directory, $"tx-{_terminal}-{number:D3}.wav");
                file = File.Create(path);
                WavPcm.WriteHeader(file);
            }

            _burst = new OpenBurst(ccInstance, priority, _time.GetUtcNow(), path, file);
        }

        _logger.LogInformation("Terminal {Terminal} transmits on call {Cc} (priority {Priority})", _terminal, ccInstance, priority);
        BurstStarted?.Invoke(ccInstance);
    }

    /// <summary>The transmission ended (AT+CUTXC, hang-up, pre-emption, link lost): the recording is closed and logged.</summary>
    public void EndTransmission(string reason)
    {
        PttBurst finished;
        lock (_gate)
        {
            if (_burst is not { } burst)
            {
                return;
            }

            _burst = null;
            if (burst.File is { } file)
            {
                WavPcm.Finish(file);
                file.Dispose();
            }

            finished = new PttBurst(_terminal, burst.CcInstance, burst.Priority, burst.GrantedAt, _time.GetUtcNow(), reason,
                burst.Path, burst.Samples, burst.FirstAudioAt, burst.LastAudioAt);
            _bursts.Add(finished);
        }

        _log.Append(finished);
        _logger.LogInformation("Terminal {Terminal} stopped transmitting ({Reason}); {Samples} samples recorded", _terminal, reason, finished.Samples);
        BurstEnded?.Invoke(finished);
    }

    /// <summary>Sends <paramref name="samples"/> as RTP paced at the configured ptime; false when no remote is known.</summary>
    public async Task<bool> PlayAsync(ReadOnlyMemory<short> samples, CancellationToken cancellationToken)
    {
        var remote = Volatile.Read(ref _learntRemote) ?? _options.Remote;
        if (remote is null)
        {
            _logger.LogWarning("Terminal {Terminal}: no RoIP remote known; reply not played", _terminal);
            return false;
        }

        var perPacket = WavPcm.SampleRate / 1000 * _options.PtimeMs;
        var datagram = new byte[12 + perPacket];
        var ssrc = (uint)Random.Shared.NextInt64(uint.MaxValue);
        var sequence = (ushort)Random.Shared.Next(ushort.MaxValue);
        var timestamp = (uint)Random.Shared.NextInt64(uint.MaxValue);
        using var pacer = new PeriodicTimer(TimeSpan.FromMilliseconds(_options.PtimeMs), _time);
        for (var offset = 0; offset < samples.Length; offset += perPacket)
        {
            var chunk = samples.Span.Slice(offset, Math.Min(perPacket, samples.Length - offset));
            datagram[0] = 0x80;
            datagram[1] = (byte)(_options.PayloadType | (offset == 0 ? 0x80 : 0));
            BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(2), sequence++);
            BinaryPrimitives.WriteUInt32BigEndian(datagram.AsSpan(4), timestamp);
            BinaryPrimitives.WriteUInt32BigEndian(datagram.AsSpan(8), ssrc);
            for (var i = 0; i < chunk.Length; i++)
            {
                datagram[12 + i] = G711.Encode(_options.PayloadType, chunk[i]);
            }

            timestamp += (uint)chunk.Length;
            await _socket.SendToAsync(datagram.AsMemory(0, 12 + chunk.Length), SocketFlags.None, remote, cancellationToken).ConfigureAwait(false);
            if (!await pacer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                break;
            }
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        try
        {
            await _receiveLoop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Closing the socket ends the loop.
        }

        EndTransmission("simulator stopped");
        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[MaxDatagram];
        var pcm = new short[MaxDatagram];
        EndPoint any = new IPEndPoint(_options.BindAddress.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token).ConfigureAwait(false);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
            {
                continue; // ICMP port unreachable from an earlier send.
            }

            var source = (IPEndPoint)received.RemoteEndPoint;
            if (!source.Equals(_learntRemote))
            {
                Volatile.Write(ref _learntRemote, source);
            }

            if (!TryGetAudio(buffer.AsSpan(0, received.ReceivedBytes), out var payloadType, out var payload))
            {
                continue;
            }

            var samples = payload.Length;
            for (var i = 0; i < samples; i++)
            {
                pcm[i] = G711.Decode(payloadType, payload[i]);
            }

            Record(pcm.AsSpan(0, samples));
        }
    }

    private void Record(ReadOnlySpan<short> samples)
    {
        lock (_gate)
        {
            if (_burst is not { } burst)
            {
                Interlocked.Increment(ref _packetsOutsidePtt);
                return;
            }

            var now = _time.GetUtcNow();
            burst.FirstAudioAt ??= now;
            burst.LastAudioAt = now;
            burst.Samples += samples.Length;
            if (burst.File is { } file)
            {
                WriteLittleEndian(file, samples);
            }
        }

        Interlocked.Increment(ref _packetsRecorded);
    }

    private static void WriteLittleEndian(Stream file, ReadOnlySpan<short> samples)
    {
        if (BitConverter.IsLittleEndian)
        {
            file.Write(MemoryMarshal.AsBytes(samples));
            return;
        }

        Span<byte> pair = stackalloc byte[2];
        foreach (var sample in samples)
        {
            BinaryPrimitives.WriteInt16LittleEndian(pair, sample);
            file.Write(pair);
        }
    }

    /// <summary>G.711 audio of an RTP datagram (RFC 3550 header, CSRCs, extension, padding); false for anything else.</summary>
    private static bool TryGetAudio(ReadOnlySpan<byte> datagram, out byte payloadType, out ReadOnlySpan<byte> payload)
    {
        payloadType = 0;
        payload = default;
        if (datagram.Length < 12 || datagram[0] >> 6 != 2)
        {
            return false;
        }

        payloadType = (byte)(datagram[1] & 0x7F);
        if (payloadType is not (G711.PcmaPayloadType or G711.PcmuPayloadType))
        {
            return false;
        }

        var offset = 12 + (4 * (datagram[0] & 0x0F));
        if ((datagram[0] & 0x10) != 0)
        {
            if (datagram.Length < offset + 4)
            {
                return false;
            }

            offset += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(datagram[(offset + 2)..]));
        }

        var end = datagram.Length;
        if ((datagram[0] & 0x20) != 0 && end > 0)
        {
            end -= datagram[^1];
        }

        if (offset > end)
        {
            return false;
        }

        payload = datagram[offset..end];
        return true;
    }

    private sealed class OpenBurst(int ccInstance, int priority, DateTimeOffset grantedAt, string? path, FileStream? file)
    {
        public int CcInstance { get; } = ccInstance;

        public int Priority { get; } = priority;

        public DateTimeOffset GrantedAt { get; } = grantedAt;

        public string? Path { get; } = path;

        public FileStream? File { get; } = file;

        public int Samples { get; set; }

        public DateTimeOffset? FirstAudioAt { get; set; }

        public DateTimeOffset? LastAudioAt { get; set; }
    }
}
