namespace Gateway.Simulators.Devices.Fax;

/// <summary>One call the simulated modem took: where its pages are and how it ended.</summary>
public sealed class FaxReceivedCall(int number, string dialled, string folder, FaxFault fault)
{
    private readonly List<FaxReceivedPage> _pages = [];

    public int Number { get; } = number;

    public string Dialled { get; } = dialled;

    public string Folder { get; } = folder;

    public FaxFault Fault { get; } = fault;

    /// <summary>The sender's TSI from <c>AT+FLI</c>.</summary>
    public string StationId { get; internal set; } = string.Empty;

    /// <summary>True once the last page was confirmed and +FHS:00 sent.</summary>
    public bool Delivered { get; internal set; }

    public IReadOnlyList<FaxReceivedPage> Pages
    {
        get
        {
            lock (_pages)
            {
                return [.. _pages];
            }
        }
    }

    internal void Add(FaxReceivedPage page)
    {
        lock (_pages)
        {
            _pages.Add(page);
        }
    }
}

/// <summary>One received page: raw T.4 as received (<c>page-N.g3</c>) and the far end's own decoding of it.</summary>
public sealed record FaxReceivedPage(int Number, string RawPath, string PbmPath, string PngPath, int Rows, int BadRows, bool TwoDimensional);
