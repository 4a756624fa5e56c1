namespace Gateway.Core.Serial;

public enum SerialParity
{
    None,
    Odd,
    Even,
    Mark,
    Space,
}

public enum SerialStopBits
{
    One,
    OnePointFive,
    Two,
}

public enum SerialFlowControl
{
    None,
    XonXoff,
    RtsCts,
}

/// <summary>Line settings of a serial port; defaults are 115200 8N1 without flow control (TETRA PEI).</summary>
public sealed record SerialLineSettings
{
    public static SerialLineSettings Default { get; } = new();

    public int BaudRate { get; init; } = 115200;
    public SerialParity Parity { get; init; } = SerialParity.None;
    public int DataBits { get; init; } = 8;
    public SerialStopBits StopBits { get; init; } = SerialStopBits.One;
    public SerialFlowControl FlowControl { get; init; } = SerialFlowControl.None;

    public override string ToString() =>
        $"{BaudRate} {DataBits}{char.ToUpperInvariant(Parity.ToString()[0])}{StopBitsText} flow={FlowControl}";

    private string StopBitsText => StopBits switch
    {
        SerialStopBits.OnePointFive => "1.5",
        SerialStopBits.Two => "2",
        _ => "1",
    };
}
