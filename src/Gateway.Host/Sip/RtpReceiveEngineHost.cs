using Gateway.Sip.Media.Transport.Receive;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Sip;

/// <summary>The receive models <c>Gateway:Sip:RtpReceiveModel</c> can choose.</summary>
public enum RtpReceiveModel
{
    /// <summary>Epoll on Linux, socket loops elsewhere.</summary>
    Auto,
    Epoll,
    SocketLoops,
}

/// <summary>
/// The one receive engine every RTP leg of the process shares (SIP call legs and RoIP radio legs), built from
/// <see cref="SipOptions"/>; its threads stop when the container is disposed, after the legs have closed.
/// </summary>
public sealed class RtpReceiveEngineHost : IDisposable
{
    private readonly EpollReceiveEngine? _epoll;

    public RtpReceiveEngineHost(IOptions<SipOptions> options, ILoggerFactory loggers)
    {
        var model = options.Value.RtpReceiveModel;
        if (OperatingSystem.IsLinux() && model is RtpReceiveModel.Auto or RtpReceiveModel.Epoll)
        {
            int threads = options.Value.RtpReceiveThreads > 0 ? options.Value.RtpReceiveThreads : Environment.ProcessorCount;
            int nice = options.Value.RtpReceiveNice;
            int realtime = options.Value.RtpReceiveRealtimePriority;
            var epoll = new EpollReceiveEngine(threads, loggers.CreateLogger<EpollReceiveEngine>(), nice, realtime);
            Engine = epoll;
            _epoll = epoll;
            Description = $"epoll, {threads} thread(s), nice {nice}" + (realtime > 0 ? $", SCHED_FIFO {realtime}" : "");
        }
        else
        {
            Engine = new SocketLoopReceiveEngine(loggers.CreateLogger<SocketLoopReceiveEngine>());
            Description = "a receive loop per socket";
        }
    }

    public IUdpReceiveEngine Engine { get; }

    /// <summary>For the start-up log line.</summary>
    public string Description { get; }

    /// <summary>For /health: null when every receive thread runs, else what is wrong.</summary>
    public string? Problem()
    {
        if (_epoll is null || !OperatingSystem.IsLinux()) return null;
        int running = _epoll.RunningThreads;
        return running == _epoll.ThreadCount ? null : $"{_epoll.ThreadCount - running} of {_epoll.ThreadCount} RTP receive threads stopped (see the log)";
    }

    public void Dispose()
    {
        if (OperatingSystem.IsLinux()) _epoll?.Dispose();
    }
}
