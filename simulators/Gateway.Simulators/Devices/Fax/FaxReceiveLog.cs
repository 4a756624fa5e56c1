using System.Globalization;

namespace Gateway.Simulators.Devices.Fax;

/// <summary>
/// Shared by every connection of one simulated fax modem: the output folder (a subfolder per call),
/// the calls taken, the count of delivered jobs (so tests can assert "delivered once"), and the fault plan.
/// </summary>
public sealed class FaxReceiveLog(string outputDirectory, FaxFault fault = FaxFault.None, int faultedCalls = int.MaxValue)
{
    private readonly List<FaxReceivedCall> _calls = [];
    private int _delivered;

    public string OutputDirectory { get; } = outputDirectory;

    public FaxFault Fault { get; } = fault;

    /// <summary>How many calls (the first ones) get the fault; the rest go through.</summary>
    public int FaultedCalls { get; } = faultedCalls;

    public int DeliveredJobs => Volatile.Read(ref _delivered);

    public IReadOnlyList<FaxReceivedCall> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Raised when a job has been delivered (last page confirmed, +FHS:00 sent).</summary>
    public event Action<FaxReceivedCall>? JobDelivered;

    internal FaxReceivedCall BeginCall(string dialled)
    {
        lock (_calls)
        {
            int number = _calls.Count + 1;
            FaxFault fault = number <= FaultedCalls ? Fault : FaxFault.None;
            string folder = Path.Combine(OutputDirectory, "call-" + number.ToString("D3", CultureInfo.InvariantCulture));
            Directory.CreateDirectory(folder);
            var call = new FaxReceivedCall(number, dialled, folder, fault);
            _calls.Add(call);
            return call;
        }
    }

    internal void MarkDelivered(FaxReceivedCall call)
    {
        call.Delivered = true;
        Interlocked.Increment(ref _delivered);
        JobDelivered?.Invoke(call);
    }
}
